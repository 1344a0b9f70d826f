using ScimServer.Testing;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Tests;

public sealed class UserCsvTests
{
    [Fact]
    public void Headers_map_case_insensitively_to_scim_attributes()
    {
        var csv = UserCsv.Read(new StringReader(
            "USERNAME,GivenName,familyname,Email,Roles,Active,externalId,department,manager,organizations,primaryOrganization,defaultPage,title\n"
            + "ann@example.com,Ann,Lee,ann@example.com,Analyst; Developer,false,E1,Sales,m-1,north;south,south,/home,Rep\n"));

        var user = csv.Rows.Single().ToUser();

        user.ShouldEqualJson(JObject.Parse("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:access:2.0:User"],
              "userName": "ann@example.com",
              "name": { "givenName": "Ann", "familyName": "Lee" },
              "emails": [{ "value": "ann@example.com", "type": "work", "primary": true }],
              "title": "Rep",
              "active": false,
              "externalId": "E1",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Sales", "manager": { "value": "m-1" } },
              "urn:ietf:params:scim:schemas:extension:access:2.0:User": {
                "roles": ["Analyst", "Developer"], "organizations": ["north", "south"], "primaryOrganization": "south", "defaultPage": "/home"
              }
            }
            """));
    }

    [Fact]
    public void Empty_cells_are_left_out_of_the_user()
    {
        var csv = UserCsv.Read(new StringReader("userName,title,roles\nann@example.com,,\n"));

        csv.Rows.Single().ToUser().ShouldEqualJson(JObject.Parse("""
            { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann@example.com" }
            """));
    }

    [Fact]
    public void An_unknown_column_is_an_error_naming_it()
    {
        var read = () => UserCsv.Read(new StringReader("userName,nickname\nann@example.com,A\n"));

        read.Should().Throw<CsvFileException>().WithMessage("Unknown column 'nickname'. Known columns: userName, *");
    }

    [Fact]
    public void A_file_without_a_userName_column_is_an_error()
    {
        var read = () => UserCsv.Read(new StringReader("email\nann@example.com\n"));

        read.Should().Throw<CsvFileException>().WithMessage("The file has no userName column.");
    }

    [Fact]
    public void Rows_are_numbered_as_a_spreadsheet_shows_them_and_blank_rows_are_skipped()
    {
        var csv = UserCsv.Read(new StringReader("userName,title\na@example.com,x\n,\nb@example.com,\"two\nlines\"\nc@example.com,y\n"));

        csv.Rows.Select(r => (r.Number, r["userName"])).Should().Equal((2, "a@example.com"), (4, "b@example.com"), (5, "c@example.com"));
    }
}
