using ScimServer.Cli.Tests.Infrastructure;

namespace ScimServer.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class SyncEndToEndTests(ServerFixture server) : EndToEndTest(server)
{
    private const string Seed = "externalId,userName,givenName,familyName,title\n"
        + "E1,ann@example.com,Ann,Lee,Engineer\nE2,bob@example.com,Bob,Ray,Engineer\nE3,cat@example.com,Cat,Ng,Sales\nE4,dan@example.com,Dan,Ito,Sales\n";

    private async Task<string> SeededTenantAsync()
    {
        var token = await Server.NewTenantTokenAsync();
        var seeded = await RunAsync(token, "import", WriteCsv("seed.csv", Seed));
        seeded.ExitCode.Should().Be(0, seeded.ToString());
        return token;
    }

    [SkippableFact]
    public async Task Sync_creates_joiners_patches_movers_and_deactivates_leavers()
    {
        SkipWithoutBulk();
        var token = await SeededTenantAsync();
        var feed = WriteCsv("hr.csv", "externalId,userName,givenName,familyName,title\n"
            + "E1,ann@example.com,Ann,Lee,Manager\nE2,bob@example.com,Bob,Ray,Engineer\nE3,cat@example.com,Cat,Ng,Sales\nE5,eve@example.com,Eve,Oh,Engineer\n");

        var result = await RunAsync(token, "sync", feed, "--key", "externalId", "--max-deactivate", "25%");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().MatchRegex(@"E1\s*│\s*update\s*│\s*title\s*│\s*Engineer → Manager")
            .And.MatchRegex(@"E4\s*│\s*deactivate\s*│\s*active\s*│\s*true → false")
            .And.MatchRegex(@"E5\s*│\s*create");
        result.Output.Should().NotMatchRegex(@"E2\s*│").And.NotMatchRegex(@"E1\s*│\s*update\s*│\s*familyName");
        var users = (await Server.UsersAsync(token)).ToDictionary(u => (string)u["externalId"]!);
        users.Should().HaveCount(5);
        ((string)users["E1"]["title"]!).Should().Be("Manager");
        ServerFixture.IsActive(users["E4"]).Should().BeFalse();
        ((string)users["E5"]["userName"]!).Should().Be("eve@example.com");
        ((string)users["E2"]["meta"]!["version"]!).Should().Be("W/\"1\"", "an unchanged user is not written");

        var again = await RunAsync(token, "sync", feed, "--key", "externalId", "--max-deactivate", "25%");

        again.ExitCode.Should().Be(0, again.ToString());
        again.Output.Should().MatchRegex(@"unchanged\s*│\s*5");
    }

    [SkippableFact]
    public async Task Sync_refuses_with_exit_3_and_sends_nothing_when_leavers_exceed_the_limit_unless_forced()
    {
        SkipWithoutBulk();
        var token = await SeededTenantAsync();
        var feed = WriteCsv("hr.csv", "externalId,userName,title\nE1,ann@example.com,Director\n");

        var refused = await RunAsync(token, "sync", feed, "--key", "externalId", "--max-deactivate", "2");

        refused.ExitCode.Should().Be(3, refused.ToString());
        refused.Error.Should().Contain("Refused: 3 leaver(s)").And.Contain("Nothing was sent.");
        (await Server.UsersAsync(token)).Should().OnlyContain(u => ServerFixture.IsActive(u) && (string)u["title"]! != "Director");

        var forced = await RunAsync(token, "sync", feed, "--key", "externalId", "--max-deactivate", "2", "--force");

        forced.ExitCode.Should().Be(0, forced.ToString());
        (await Server.UsersAsync(token)).Count(u => !ServerFixture.IsActive(u)).Should().Be(3);
    }

    [SkippableFact]
    public async Task Sync_dry_run_prints_the_plan_and_sends_nothing()
    {
        SkipWithoutBulk();
        var token = await SeededTenantAsync();
        var feed = WriteCsv("hr.csv", Seed.Replace("Sales\nE4", "Support\nE4", StringComparison.Ordinal) + "E9,new@example.com,New,Hire,Engineer\n");

        var result = await RunAsync(token, "sync", feed, "--dry-run");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().MatchRegex(@"E3\s*│\s*update\s*│\s*title\s*│\s*Sales → Support").And.MatchRegex(@"E9\s*│\s*create").And.Contain("nothing was sent");
        var users = await Server.UsersAsync(token);
        users.Should().HaveCount(4);
        users.Should().OnlyContain(u => (string)u["meta"]!["version"]! == "W/\"1\"");
    }

    [SkippableFact]
    public async Task Sync_scope_limits_leavers_to_the_users_the_feed_owns()
    {
        SkipWithoutBulk();
        var token = await SeededTenantAsync();
        var feed = WriteCsv("hr.csv", "externalId,userName,title\nE3,cat@example.com,Sales\n");

        var result = await RunAsync(token, "sync", feed, "--scope", "title eq \"Sales\"", "--max-deactivate", "50%");

        result.ExitCode.Should().Be(0, result.ToString());
        var inactive = (await Server.UsersAsync(token)).Where(u => !ServerFixture.IsActive(u)).Select(u => (string)u["externalId"]!);
        inactive.Should().BeEquivalentTo("E4");
    }
}
