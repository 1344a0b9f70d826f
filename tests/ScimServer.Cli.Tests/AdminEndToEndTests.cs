using System.Text.RegularExpressions;
using ScimServer.Cli.Tests.Infrastructure;

namespace ScimServer.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed partial class AdminEndToEndTests(ServerFixture server) : EndToEndTest(server)
{
    [Fact]
    public async Task Tenants_create_and_list_then_tokens_create_list_and_revoke()
    {
        var id = $"acme{Guid.NewGuid():N}"[..12];

        var created = await RunAsync(ServerFixture.AdminToken, "tenants", "create", "--id", id, "--name", "Acme Inc", "--first-admin", "owner@acme.example");

        created.ExitCode.Should().Be(0, created.ToString());
        created.Output.Should().Contain($"Created tenant {id} (Acme Inc).").And.Contain("First admin: owner@acme.example");
        var listed = await RunAsync(ServerFixture.AdminToken, "tenants", "list");
        listed.ExitCode.Should().Be(0, listed.ToString());
        listed.Output.Should().MatchRegex($@"{id}\s*│\s*Acme Inc");

        var token = await RunAsync(ServerFixture.AdminToken, "tokens", "create", "--tenant", id, "--name", "hr-feed");

        token.ExitCode.Should().Be(0, token.ToString());
        var secret = SecretLine().Match(token.Output).Groups[1].Value;
        var tokenId = CreatedLine().Match(token.Output).Groups[1].Value;
        secret.Should().NotBeEmpty();
        (await Server.GetAsync(secret, "/scim/v2/Users"))["totalResults"]!.ToString().Should().Be("1", "the first admin is the tenant's one user");

        var tokens = await RunAsync(ServerFixture.AdminToken, "tokens", "list", "--tenant", id);
        tokens.ExitCode.Should().Be(0, tokens.ToString());
        tokens.Output.Should().MatchRegex($@"{tokenId}\s*│\s*hr-feed").And.NotContain(secret);

        var revoked = await RunAsync(ServerFixture.AdminToken, "tokens", "revoke", "--tenant", id, "--id", tokenId);

        revoked.ExitCode.Should().Be(0, revoked.ToString());
        var refused = await RunAsync(secret, "users", "deactivate", "--filter", "userName eq \"x\"");
        refused.ExitCode.Should().Be(4, refused.ToString());
        refused.Error.Should().Contain("401");
    }

    [Fact]
    public async Task Creating_a_tenant_twice_fails_with_exit_1_and_the_servers_reason()
    {
        var id = $"dup{Guid.NewGuid():N}"[..12];
        (await RunAsync(ServerFixture.AdminToken, "tenants", "create", "--id", id)).ExitCode.Should().Be(0);

        var again = await RunAsync(ServerFixture.AdminToken, "tenants", "create", "--id", id);

        again.ExitCode.Should().Be(1, again.ToString());
        again.Error.Should().Contain("409").And.Contain("already exists");
    }

    [Fact]
    public async Task A_missing_token_is_a_usage_error()
    {
        var result = await Scimctl.RunAsync(Directory, "--url", Server.BaseUrl, "tenants", "list");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Contain("--token");
    }

    [GeneratedRegex(@"token: (\S+)")]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"Created token (\S+)")]
    private static partial Regex CreatedLine();
}
