using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Testing;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The User Management page's CSV upload over HTTP: <c>/admin/ui/api/users/import/check</c> maps each valid row to the
/// SCIM user scimctl would send and, with upsert, plans the row as a creation or an update of the changed attributes,
/// and the page sends those operations as they are through <c>/admin/ui/scim/v2/Bulk</c>.
/// </summary>
public sealed class AdminUiImportTests : IDisposable
{
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Password = "Correct-Horse-7!";
    private readonly ScimServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_check_answers_each_valid_row_as_the_user_scimctl_maps_it_and_a_post_to_send()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");

        var response = await CheckAsync(page, upsert: false,
            Row(2, new JObject
            {
                ["userName"] = " ada@x.org ", ["givenName"] = "Ada", ["email"] = "ada@x.org", ["active"] = "no",
                ["department"] = "R&D", ["manager"] = "m-1", ["Roles"] = "Developer; Analyst;Developer", ["password"] = "Secret-12345!",
            }),
            Row(3, new JObject { ["userName"] = "bad@x.org", ["email"] = "not-an-email" }));

        response.ShouldBe(HttpStatusCode.OK);
        response.Body!["errors"]!.Values<string>().Should().Equal("Row 3: email 'not-an-email' is not an email address.");
        var row = (JObject)response.Body["rows"]!.Single();
        ((int)row["row"]!).Should().Be(2);
        ((string?)row["action"]).Should().Be("create");
        var expected = JObject.Parse($$"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "{{Enterprise}}", "{{Access}}"],
              "userName": "ada@x.org",
              "name": { "givenName": "Ada" },
              "emails": [{ "value": "ada@x.org", "type": "work", "primary": true }],
              "active": false,
              "{{Enterprise}}": { "department": "R&D", "manager": { "value": "m-1" } },
              "{{Access}}": { "roles": ["Developer", "Analyst"] },
              "password": "Secret-12345!"
            }
            """);
        row["user"].ShouldEqualJson(expected);
        row["operation"].ShouldEqualJson(new JObject { ["method"] = "POST", ["bulkId"] = "row-2", ["path"] = "/Users", ["data"] = expected });
    }

    [Fact]
    public async Task With_upsert_a_row_matching_a_user_by_external_id_or_user_name_is_planned_as_a_patch_of_what_changed()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var byExternalId = await CreateUserAsync("old-name@x.org", ["Analyst"], shape: u => { u["externalId"] = "E-1"; u["title"] = "Clerk"; });
        var byUserName = await CreateUserAsync("bo@x.org", ["Analyst"], shape: u => u["title"] = "Chef");
        var same = await CreateUserAsync("cy@x.org", ["Analyst"], shape: u => u["title"] = "Chef");
        await CreateUserAsync("twin1@x.org", ["Analyst"], shape: u => u["externalId"] = "E-2");
        await CreateUserAsync("twin2@x.org", ["Analyst"], shape: u => u["externalId"] = "E-2");
        var page = await SignInAsync("root@x.org");

        var response = await CheckAsync(page, upsert: true,
            Row(2, new JObject { ["userName"] = "new@x.org", ["title"] = "Cook" }),
            Row(3, new JObject { ["userName"] = "renamed@x.org", ["externalId"] = "E-1", ["title"] = "Manager" }),
            Row(4, new JObject { ["userName"] = "BO@x.org", ["title"] = "Chef" }),
            Row(5, new JObject { ["userName"] = "twin@x.org", ["externalId"] = "E-2" }),
            Row(6, new JObject { ["userName"] = "cy@x.org", ["title"] = "Chef" }));

        response.ShouldBe(HttpStatusCode.OK);
        var rows = response.Body!["rows"]!.ToDictionary(r => (int)r["row"]!);
        ((string?)rows[2]["action"]).Should().Be("create");
        ((string?)rows[3]["action"]).Should().Be("update");
        rows[3]["changes"]!.Values<string>().Should().Equal("userName", "title");
        rows[3]["operation"].ShouldEqualJson(JObject.Parse($$"""
            {
              "method": "PATCH", "bulkId": "row-3", "path": "/Users/{{IdOf(byExternalId)}}",
              "data": {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                  { "op": "replace", "path": "userName", "value": "renamed@x.org" },
                  { "op": "replace", "path": "title", "value": "Manager" }
                ]
              }
            }
            """));
        ((string?)rows[4]["action"]).Should().Be("update", "userName matches case-insensitively, and the file's spelling is applied");
        ((string?)rows[4]["id"]).Should().Be(IdOf(byUserName));
        rows[4]["changes"]!.Values<string>().Should().Equal("userName");
        ((string?)rows[6]["action"]).Should().Be("unchanged");
        ((string?)rows[6]["id"]).Should().Be(IdOf(same));
        rows[6]["operation"].Should().BeNull();
        ((string?)rows[5]["action"]).Should().Be("ambiguous");
        ((string?)rows[5]["error"]).Should().Be("2 users have externalId 'E-2'.");
        rows[5]["operation"].Should().BeNull();
    }

    [Fact]
    public async Task The_planned_operations_sent_through_the_pages_bulk_create_one_user_and_update_the_other()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var existing = await CreateUserAsync("kim@x.org", ["Analyst"], shape: u => u["title"] = "Clerk");
        var page = await SignInAsync("root@x.org");
        var check = await CheckAsync(page, upsert: true,
            Row(2, new JObject { ["userName"] = "lee@x.org", ["roles"] = "Developer" }),
            Row(3, new JObject { ["userName"] = "kim@x.org", ["title"] = "Manager", ["roles"] = "Analyst;Developer" }));

        var bulk = await page.Scim.PostAsync("/Bulk", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = new JArray(check.Body!["rows"]!.Select(r => r["operation"])),
        }, page.Csrf);

        bulk.ShouldBe(HttpStatusCode.OK);
        bulk.Body!["Operations"]!.Select(o => ((string?)o["bulkId"], (string?)o["status"])).Should().Equal(("row-2", "201"), ("row-3", "200"));
        var kim = (await page.Scim.GetAsync($"/Users/{IdOf(existing)}")).Body!;
        ((string?)kim["title"]).Should().Be("Manager");
        kim[Access]!["roles"]!.Values<string>().Should().BeEquivalentTo(["Analyst", "Developer"]);
        var lee = await page.Scim.GetAsync($"/Users?filter={Uri.EscapeDataString("userName eq \"lee@x.org\"")}");
        ((int)lee.Body!["totalResults"]!).Should().Be(1);
    }

    [Fact]
    public async Task Without_upsert_a_row_of_an_existing_user_is_planned_as_a_creation_as_scimctl_import_does()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        await CreateUserAsync("kim@x.org", ["Analyst"]);
        var page = await SignInAsync("root@x.org");

        var response = await CheckAsync(page, upsert: false, Row(2, new JObject { ["userName"] = "kim@x.org", ["title"] = "Manager" }));

        ((string?)response.Body!["rows"]![0]!["action"]).Should().Be("create");
    }

    [Fact]
    public async Task An_administrators_upsert_matches_only_users_of_its_organizations()
    {
        await CreateUserAsync("north-admin@x.org", ["Administrator"], ["north"]);
        await CreateUserAsync("south@x.org", ["Analyst"], ["south"]);
        var page = await SignInAsync("north-admin@x.org");

        var response = await CheckAsync(page, upsert: true, Row(2, new JObject { ["userName"] = "south@x.org", ["title"] = "Spy" }));

        ((string?)response.Body!["rows"]![0]!["action"]).Should().Be("create", "a user outside the administrator's scope is not there for it");
    }

    [Fact]
    public async Task A_check_with_an_upsert_that_is_not_a_boolean_or_a_cell_that_is_not_text_is_refused()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");
        var api = new ScimClient(page.Http, null, "/admin/ui/api");

        var upsert = await api.PostAsync(
            "/users/import/check", new JObject { ["rows"] = new JArray(Row(2, new JObject { ["userName"] = "a@x.org" })), ["upsert"] = "yes" }, page.Csrf);
        var cell = await api.PostAsync(
            "/users/import/check", new JObject { ["rows"] = new JArray(Row(2, new JObject { ["userName"] = new JArray("a@x.org") })) }, page.Csrf);

        upsert.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        cell.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    private static JObject Row(int number, JObject cells) => new() { ["row"] = number, ["cells"] = cells };

    private static string IdOf(ScimResponse created) => (string)created.Body!["id"]!;

    private static Task<ScimResponse> CheckAsync(PageSession page, bool upsert, params JObject[] rows) =>
        new ScimClient(page.Http, null, "/admin/ui/api").PostAsync(
            "/users/import/check", new JObject { ["rows"] = new JArray(rows), ["upsert"] = upsert }, page.Csrf);

    private async Task<ScimResponse> CreateUserAsync(string userName, string[] roles, string[]? organizations = null, Action<JObject>? shape = null) =>
        await _factory.CreateScimClient().CreateUserAsync(userName, user =>
        {
            user["password"] = Password;
            user[Access] = new JObject { ["roles"] = new JArray(roles), ["organizations"] = new JArray(organizations ?? []) };
            shape?.Invoke(user);
        });

    private async Task<PageSession> SignInAsync(string userName)
    {
        var http = _factory.CreateClient();
        var csrf = (string)JObject.Parse(await http.GetStringAsync("/admin/ui/api/session"))["csrfToken"]!;
        var response = await new ScimClient(http, null, "/admin/ui/api").PostAsync(
            "/session", new JObject { ["tenant"] = "default", ["userName"] = userName, ["password"] = Password }, Header(csrf));
        response.ShouldBe(HttpStatusCode.OK);
        return new PageSession(http, new ScimClient(http, null, "/admin/ui/scim/v2"), Header((string)response.Body!["csrfToken"]!));
    }

    private static Action<HttpRequestMessage> Header(string csrf) => request => request.Headers.Add("X-CSRF-Token", csrf);

    private sealed record PageSession(HttpClient Http, ScimClient Scim, Action<HttpRequestMessage> Csrf);
}
