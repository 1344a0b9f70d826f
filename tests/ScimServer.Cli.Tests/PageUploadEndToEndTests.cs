using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Sync;
using ScimServer.Cli.Tests.Infrastructure;
using ScimServer.Testing;

namespace ScimServer.Cli.Tests;

/// <summary>
/// scimctl and the User Management page's upload read the same file the same way: the user scimctl POSTs for a row and
/// the PATCH its <c>--upsert</c> sends are exactly what the page's check endpoint answers for that row.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PageUploadEndToEndTests(ServerFixture server) : EndToEndTest(server)
{
    private const string Csv =
        "userName,givenName,familyName,middleName,displayName,email,title,active,externalId,department,employeeNumber,manager,"
        + "roles,organizations,primaryOrganization,defaultPage,password\n"
        + "ada@x.org,Ada,Lovelace,King,Ada L.,ada@x.org,Countess,no,E-7,R&D,42,m-1,Developer; Analyst,north;south,north,/home,Secret-12345!\n"
        + "bo@x.org,Bo,,,,,Cook,,,,,,,,,,\n";

    [SkippableFact]
    public async Task The_pages_upload_maps_a_row_to_the_same_user_and_the_same_update_as_scimctl()
    {
        var token = await Server.NewTenantTokenAsync();
        var existing = await Server.SendAsync(token, HttpMethod.Post, "/scim/v2/Users", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = "bo@x.org",
            ["title"] = "Chef",
        });
        var rows = UserCsv.Read(new StringReader(Csv)).Rows;

        var page = await PageCheckAsync(token, rows);

        var ada = page.Single(r => (int)r["row"]! == 2);
        ada["user"].ShouldEqualJson(rows[0].ToUser());
        ada["operation"]!["data"].ShouldEqualJson(rows[0].ToUser());
        var bo = page.Single(r => (int)r["row"]! == 3);
        var scimctl = UserPlanner.For("bo@x.org", rows[1], await Server.GetAsync(token, $"/scim/v2/Users/{existing["id"]}"));
        ((string?)bo["action"]).Should().Be("update");
        scimctl.Kind.Should().Be(ChangeKind.Update);
        bo["operation"]!["data"].ShouldEqualJson(scimctl.UpdatePatch());
    }

    /// <summary>Signs in to the page with the tenant's token and checks the rows with upsert, as the page's upload does.</summary>
    private async Task<IReadOnlyList<JObject>> PageCheckAsync(string token, IReadOnlyList<UserRow> rows)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        var csrf = (string)JObject.Parse(await http.GetStringAsync("/admin/ui/api/session"))["csrfToken"]!;
        var session = JObject.Parse(await PostAsync(http, csrf, "/admin/ui/api/session", new JObject { ["token"] = token }));
        var body = new JObject
        {
            ["rows"] = new JArray(rows.Select(r => new JObject
            {
                ["row"] = r.Number,
                ["cells"] = new JObject(r.Cells.Select(c => new JProperty(c.Key, c.Value))),
            })),
            ["upsert"] = true,
        };
        var answer = JObject.Parse(await PostAsync(http, (string)session["csrfToken"]!, "/admin/ui/api/users/import/check", body));
        answer["errors"]!.Should().BeEmpty();
        return answer["rows"]!.OfType<JObject>().ToList();
    }

    private static async Task<string> PostAsync(HttpClient http, string csrf, string path, JObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-Token", csrf);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}
