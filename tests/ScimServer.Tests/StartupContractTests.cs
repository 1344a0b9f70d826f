using ScimServer.Testing;
using System.Net;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The start-up contract of issue 3, on the real process: listens where --urls says, creates data/scim.db,
/// prints the bootstrap and admin tokens once, honours Scim__BootstrapToken, and keeps data across a restart.
/// </summary>
public sealed class StartupContractTests : IDisposable
{
    private const string TenantTokenMarker = "Its bearer token (shown once, store it now):";
    private const string AdminTokenMarker = "Server-admin token (shown once, store it now):";

    private readonly string _directory = Directory.CreateTempSubdirectory("scim-startup-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task First_start_creates_the_data_file_and_prints_working_tokens_once_and_data_survives_a_restart()
    {
        string tenantToken;
        string userId;
        await using (var first = await ServerProcess.StartAsync(_directory))
        {
            tenantToken = first.PrintedValueAfter(TenantTokenMarker)!;
            var adminToken = first.PrintedValueAfter(AdminTokenMarker);
            tenantToken.Should().NotBeNullOrEmpty(first.Output);
            adminToken.Should().NotBeNullOrEmpty(first.Output).And.NotBe(tenantToken);
            File.Exists(Path.Combine(_directory, "data", "scim.db")).Should().BeTrue();
            first.PrintedValueAfter("SCIM base URL:").Should().Be(first.BaseUrl + "/scim/v2", first.Output);
            first.PrintedValueAfter("Data file:").Should().Be(Path.Combine(_directory, "data", "scim.db"), first.Output);

            var created = await first.Client(tenantToken).CreateUserAsync("restart@example.com");
            userId = created.Id;
            (await first.Client(adminToken!).GetAsync("/Users")).ShouldBeError(HttpStatusCode.Forbidden);
        }

        await using var second = await ServerProcess.StartAsync(_directory);
        second.PrintedValueAfter(TenantTokenMarker).Should().BeNull("the token is printed on first start only");
        second.PrintedValueAfter(AdminTokenMarker).Should().BeNull();
        var fetched = await second.Client(tenantToken).GetAsync($"/Users/{userId}");
        fetched.ShouldBe(HttpStatusCode.OK);
        ((string?)fetched.Body!["userName"]).Should().Be("restart@example.com");
    }

    [Fact]
    public async Task Configured_tokens_and_data_path_are_used_and_no_secret_is_printed()
    {
        var dataPath = Path.Combine(_directory, "elsewhere", "store.db");
        await using var server = await ServerProcess.StartAsync(_directory, new Dictionary<string, string>
        {
            ["Scim__BootstrapToken"] = "configured-tenant-token",
            ["Scim__AdminToken"] = "configured-admin-token",
            ["Storage__SqlitePath"] = dataPath,
        });

        (await server.Client("configured-tenant-token").GetAsync("/ServiceProviderConfig")).ShouldBe(HttpStatusCode.OK);
        File.Exists(dataPath).Should().BeTrue();
        server.Output.Should().NotContain("configured-tenant-token").And.NotContain("configured-admin-token");
        server.PrintedValueAfter(TenantTokenMarker).Should().BeNull("a configured token is not shown, not even as a placeholder");
        server.PrintedValueAfter(AdminTokenMarker).Should().BeNull();
        server.PrintedValueAfter("Data file:").Should().Be(dataPath, server.Output);
    }
}
