using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Tests;

public sealed class RowValidatorTests
{
    [Fact]
    public void Every_bad_row_is_reported_with_its_row_number()
    {
        var csv = UserCsv.Read(new StringReader(
            "userName,email,active,roles\n"
            + "ann@example.com,ann@example.com,true,Analyst\n"
            + ",nobody@example.com,,\n"
            + "bob@example.com,bob-at-example.com,,\n"
            + "cat@example.com,,maybe,\n"
            + "ANN@example.com,,,\n"
            + "dan@example.com,Dan <dan@example.com>,,Data Analyst\n"));

        RowValidator.Validate(csv).Should().Equal(
            "Row 3: userName is missing.",
            "Row 4: email 'bob-at-example.com' is not an email address.",
            "Row 5: active 'maybe' is not a boolean (use true or false).",
            "Row 6: userName 'ANN@example.com' repeats row 2.",
            "Row 7: email 'Dan <dan@example.com>' is not an email address.",
            "Row 7: role 'Data Analyst' is not a role name (no spaces or quotes).");
    }

    [Fact]
    public void A_sync_key_must_be_present_and_unique()
    {
        var csv = UserCsv.Read(new StringReader("externalId,userName\nE1,a@example.com\n,b@example.com\nE1,c@example.com\n"));

        RowValidator.Validate(csv, UserColumns.ExternalId).Should().Equal(
            "Row 3: externalId is missing (it is the sync key).",
            "Row 4: externalId 'E1' repeats row 2.");
    }

    [Fact]
    public void A_valid_file_has_no_errors()
    {
        var csv = UserCsv.Read(new StringReader("userName,email,active\na@example.com,a@example.com,FALSE\nb@example.com,b.b+tag@mail.example.org,yes\n"));

        RowValidator.Validate(csv).Should().BeEmpty();
    }

    [Theory]
    [InlineData("a@example.com", true)]
    [InlineData("first.last+tag@sub.example.org", true)]
    [InlineData("a@localhost", false)]
    [InlineData("a@@example.com", false)]
    [InlineData("a example@example.com", false)]
    [InlineData("<a@example.com>", false)]
    [InlineData("a@example.com.", false)]
    public void Email_check(string email, bool valid) => RowValidator.IsEmail(email).Should().Be(valid);
}
