using ScimServer.Cli.Tests.Infrastructure;

namespace ScimServer.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class UserCommandsEndToEndTests(ServerFixture server) : EndToEndTest(server)
{
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";

    private async Task<string> TenantWithUsersAsync()
    {
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("seed.csv", "userName,title,roles\nann@example.com,Engineer,Developer\nbob@example.com,Engineer,Developer\ncat@example.com,Sales,Analyst\n");
        var seeded = await RunAsync(token, "import", file);
        seeded.ExitCode.Should().Be(0, seeded.ToString());
        return token;
    }

    [SkippableFact]
    public async Task Roles_assign_and_remove_change_only_the_users_the_filter_matches()
    {
        SkipWithoutBulk();
        var token = await TenantWithUsersAsync();

        var assign = await RunAsync(token, "roles", "assign", "--role", "ITAdmin", "--filter", "title eq \"Engineer\"");

        assign.ExitCode.Should().Be(0, assign.ToString());
        assign.Output.Should().MatchRegex(@"succeeded\s*│\s*2");
        var users = (await Server.UsersAsync(token)).ToDictionary(u => (string)u["userName"]!, u => u[Access]!["roles"]!.Values<string>().ToList());
        users["ann@example.com"].Should().BeEquivalentTo("Developer", "ITAdmin");
        users["bob@example.com"].Should().BeEquivalentTo("Developer", "ITAdmin");
        users["cat@example.com"].Should().BeEquivalentTo("Analyst");

        var remove = await RunAsync(token, "roles", "remove", "--role", "Developer", "--filter", "userName eq \"ann@example.com\"");

        remove.ExitCode.Should().Be(0, remove.ToString());
        var ann = (await Server.UsersAsync(token, "userName eq \"ann@example.com\"")).Single();
        ann[Access]!["roles"]!.Values<string>().Should().BeEquivalentTo("ITAdmin");
    }

    [SkippableFact]
    public async Task Users_deactivate_sets_active_false_and_deletes_nobody()
    {
        SkipWithoutBulk();
        var token = await TenantWithUsersAsync();

        var result = await RunAsync(token, "users", "deactivate", "--filter", "title eq \"Engineer\"");

        result.ExitCode.Should().Be(0, result.ToString());
        var users = await Server.UsersAsync(token);
        users.Should().HaveCount(3);
        users.Where(u => !ServerFixture.IsActive(u)).Select(u => (string)u["userName"]!).Should().BeEquivalentTo("ann@example.com", "bob@example.com");
    }

    [SkippableFact]
    public async Task Service_account_promotion_reports_users_that_are_not_eligible()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        (await RunAsync(token, "import", WriteCsv("s.csv", "userName,roles,title\nsvc@example.com,Administrator,svc\nplain@example.com,Analyst,svc\n"))).ExitCode.Should().Be(0);

        var result = await RunAsync(token, "service-accounts", "promote", "--home-tenant", "default", "--filter", "title eq \"svc\"");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().MatchRegex(@"succeeded\s*│\s*1").And.MatchRegex(@"plain@example\.com\s*│\s*400");
        var svc = (await Server.UsersAsync(token, "userName eq \"svc@example.com\"")).Single();
        ((bool)svc[Access]!["serviceAccount"]!["enabled"]!).Should().BeTrue();
    }
}
