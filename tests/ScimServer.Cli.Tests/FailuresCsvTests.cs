using ScimServer.Testing;
using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Tests;

public sealed class FailuresCsvTests
{
    [Fact]
    public void Failed_rows_are_written_as_they_were_and_read_back_for_a_retry()
    {
        var input = UserCsv.Read(new StringReader("userName,Roles,title\nann@example.com,Analyst;Developer,\"Rep, \"\"senior\"\"\"\nbob@example.com,,x\n"));
        var failures = new[] { new RowFailure(input.Rows[0], "409", "userName 'ann@example.com' is already taken.") };

        var text = new StringWriter();
        FailuresCsv.Write(text, input.Headers, failures);
        var retry = UserCsv.Read(new StringReader(text.ToString()));

        retry.Headers.Should().Equal("userName", "Roles", "title", "row", "status", "error");
        var row = retry.Rows.Single();
        row["userName"].Should().Be("ann@example.com");
        row["roles"].Should().Be("Analyst;Developer");
        row["title"].Should().Be("Rep, \"senior\"");
        row["row"].Should().Be("2");
        row["status"].Should().Be("409");
        row["error"].Should().Be("userName 'ann@example.com' is already taken.");
        RowValidator.Validate(retry).Should().BeEmpty();
        row.ToUser().ShouldEqualJson(input.Rows[0].ToUser());
    }

    [Fact]
    public void A_failures_file_of_a_failures_file_does_not_repeat_the_added_columns()
    {
        var first = UserCsv.Read(new StringReader("userName,row,status,error\nann@example.com,7,500,boom\n"));

        var text = new StringWriter();
        FailuresCsv.Write(text, first.Headers, [new RowFailure(first.Rows[0], "unsent", "again")]);

        text.ToString().Split("\r\n")[0].Should().Be("userName,row,status,error");
    }
}
