using System.Text;
using ScimServer.Cli.Tests.Infrastructure;

namespace ScimServer.Cli.Tests;

[Collection(ServerCollection.Name)]
public sealed class ImportEndToEndTests(ServerFixture server) : EndToEndTest(server)
{
    private static string GeneratedCsv(int rows)
    {
        var csv = new StringBuilder("userName,givenName,familyName,email,title,department,roles,externalId\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append($"user{i:D5}@example.com,Given{i},Family{i},user{i:D5}@example.com,Title {i % 7},Dept {i % 13},{(i % 2 == 0 ? "Analyst" : "Developer;Analyst")},EMP{i:D5}\n");
        }

        return csv.ToString();
    }

    [SkippableFact]
    public async Task Import_of_2000_rows_creates_every_user_and_a_rerun_with_upsert_creates_no_duplicates()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("users.csv", GeneratedCsv(2000));

        var first = await RunAsync(token, "import", file);

        first.ExitCode.Should().Be(0, first.ToString());
        first.Output.Should().MatchRegex(@"created\s*│\s*2000");
        var users = await Server.UsersAsync(token);
        users.Should().HaveCount(2000);
        users.Select(u => (string)u["userName"]!).Should().OnlyHaveUniqueItems().And.Contain("user01999@example.com");

        var again = await RunAsync(token, "import", file, "--upsert");

        again.ExitCode.Should().Be(0, again.ToString());
        again.Output.Should().MatchRegex(@"unchanged\s*│\s*2000").And.MatchRegex(@"created\s*│\s*0\b");
        (await Server.UsersAsync(token)).Should().HaveCount(2000);
    }

    [SkippableFact]
    public async Task A_file_with_bad_rows_exits_2_naming_the_rows_and_sends_nothing()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("bad.csv", "userName,email,active\nok@example.com,ok@example.com,true\n,x@example.com,\nbad@example.com,not-an-email,\nflag@example.com,,perhaps\n");

        var result = await RunAsync(token, "import", file);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Contain("Row 3: userName is missing.")
            .And.Contain("Row 4: email 'not-an-email' is not an email address.")
            .And.Contain("Row 5: active 'perhaps' is not a boolean (use true or false).")
            .And.Contain("nothing was sent");
        (await Server.UsersAsync(token)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task An_unknown_column_exits_2_before_anything_is_sent()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("unknown.csv", "userName,shoeSize\na@example.com,44\n");

        var result = await RunAsync(token, "import", file);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Contain("Unknown column 'shoeSize'");
        (await Server.UsersAsync(token)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Duplicates_without_upsert_are_failed_rows_in_the_failures_file_which_a_rerun_with_upsert_settles()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("users.csv", "userName,title,roles\nann@example.com,Rep,Analyst\nbob@example.com,Rep,NoSuchRole\n");
        (await RunAsync(token, "import", WriteCsv("ann.csv", "userName\nann@example.com\n"))).ExitCode.Should().Be(0);
        var failuresPath = Path.Combine(Directory, "failures.csv");

        var result = await RunAsync(token, "import", file, "--failures", failuresPath);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().MatchRegex(@"failed\s*│\s*2");
        var failures = File.ReadAllLines(failuresPath);
        failures[0].Should().Be("userName,title,roles,row,status,error");
        failures[1].Should().StartWith("ann@example.com,Rep,Analyst,2,409,");
        failures[2].Should().StartWith("bob@example.com,Rep,NoSuchRole,3,400,").And.Contain("NoSuchRole");
        result.Output.Should().Contain($"1 of them conflict with existing users (409): retry with `scimctl import {failuresPath} --upsert`");

        var retry = await RunAsync(token, "import", failuresPath, "--upsert", "--failures", Path.Combine(Directory, "failures2.csv"));

        retry.ExitCode.Should().Be(1, retry.ToString());
        retry.Output.Should().MatchRegex(@"updated\s*│\s*1");
        File.ReadAllLines(Path.Combine(Directory, "failures2.csv")).Should().HaveCount(2).And.Contain(l => l.StartsWith("bob@example.com", StringComparison.Ordinal));
        (await Server.UsersAsync(token)).Should().ContainSingle(u => (string)u["userName"]! == "ann@example.com").Which["title"]!.ToString().Should().Be("Rep");
    }

    [SkippableFact]
    public async Task Dry_run_validates_and_sends_nothing()
    {
        SkipWithoutBulk();
        var token = await Server.NewTenantTokenAsync();
        var file = WriteCsv("users.csv", "userName\na@example.com\nb@example.com\n");

        var result = await RunAsync(token, "import", file, "--dry-run", "--upsert");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().MatchRegex(@"to create\s*│\s*2").And.Contain("nothing was sent");
        (await Server.UsersAsync(token)).Should().BeEmpty();
    }
}
