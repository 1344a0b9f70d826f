using System.IO.Compression;
using ScimServer.Cli.Tests.Infrastructure;
using ScimServer.Testing;

namespace ScimServer.Cli.Tests;

/// <summary>What scimctl shows and accepts on its command line, and what its package carries.</summary>
[Collection(ServerCollection.Name)]
public sealed class CommandLineTests(ServerFixture server) : EndToEndTest(server)
{
    [Theory]
    [InlineData("/scim/v2")]
    [InlineData("/scim/v2/")]
    [InlineData("/")]
    public async Task The_url_may_be_the_server_root_or_the_scim_base_url_an_idp_calls_the_tenant_url(string suffix)
    {
        var result = await Scimctl.RunAsync(Directory, "--url", Server.BaseUrl + suffix, "--token", ServerFixture.AdminToken, "tenants", "list");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("default");
    }

    [Fact]
    public async Task The_scim_base_url_from_the_environment_works_for_scim_commands_too()
    {
        var token = await Server.NewTenantTokenAsync();

        var result = await Scimctl.RunAsync(Directory, new Dictionary<string, string>
        {
            ["SCIMCTL_URL"] = Server.BaseUrl + "/scim/v2",
            ["SCIMCTL_TOKEN"] = token,
        }, "users", "deactivate", "--filter", "userName eq \"nobody@example.com\"");

        result.ExitCode.Should().Be(0, result.ToString());
    }

    [Fact]
    public async Task Help_never_prints_the_token_from_the_environment()
    {
        const string secret = "very-secret-token-from-env-4711";

        var help = await Scimctl.RunAsync(Directory, new Dictionary<string, string> { ["SCIMCTL_TOKEN"] = secret, ["SCIMCTL_URL"] = "http://example.invalid" }, "--help");
        var importHelp = await Scimctl.RunAsync(Directory, new Dictionary<string, string> { ["SCIMCTL_TOKEN"] = secret }, "import", "--help");

        help.ExitCode.Should().Be(0, help.ToString());
        help.Output.Should().Contain("--token").And.NotContain(secret);
        importHelp.Output.Should().Contain("--token").And.NotContain(secret);
    }

    [Fact]
    public async Task The_packed_tool_carries_its_readme()
    {
        var output = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "nupkg")).FullName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var project = Path.Combine(ServerProcess.RepositoryRoot(), "src", "ScimServer.Cli", "ScimServer.Cli.csproj");

        var pack = await DotnetAsync("pack", project, "--no-build", "-c", configuration, "-o", output);

        pack.ExitCode.Should().Be(0, pack.Output);
        var package = System.IO.Directory.GetFiles(output, "ScimServer.Cli.*.nupkg").Should().ContainSingle().Subject;
        using var zip = ZipFile.OpenRead(package);
        zip.GetEntry("README.md").Should().NotBeNull();
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        (await nuspec.ReadToEndAsync()).Should().Contain("<readme>README.md</readme>");
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
