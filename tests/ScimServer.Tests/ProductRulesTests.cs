using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The product's rules (shared/seeds) on every write path: roles from the tenant catalog, at least one role,
/// organizations with a primary one, service accounts — each with the request that breaks it and its SCIM error.
/// </summary>
public sealed class ProductRulesTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public ProductRulesTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private static JObject User(string access) => JObject.Parse($$"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:access:2.0:User"],
         "userName":"rules-{{Guid.NewGuid():N}}@example.com",
         "urn:ietf:params:scim:schemas:extension:access:2.0:User": {{access}} }
        """);

    private static JToken? Access(ScimResponse response) => response.Body![Users.AccessSchema];

    private static IEnumerable<string> Roles(ScimResponse response) => Access(response)!["roles"]!.Values<string>()!;

    private static JObject Patch(string operations) =>
        JObject.Parse($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""");

    [Fact]
    public async Task Roles_from_the_catalog_are_kept_in_catalog_spelling_and_mirrored_in_core_roles()
    {
        var response = await _client.PostAsync("/Users", User("""{"roles":["analyst","DEVELOPER"]}"""));

        response.ShouldBe(HttpStatusCode.Created);
        Roles(response).Should().Equal("Analyst", "Developer");
        response.Body!["roles"]!.Select(r => (string?)r["value"]).Should().Equal("Analyst", "Developer");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task A_role_outside_the_catalog_is_400_naming_it_on_every_write_path(string method)
    {
        var existing = await _client.PostAsync("/Users", User("""{"roles":["Analyst"]}"""));
        var body = User("""{"roles":["Analyst","Astronaut"]}""");
        body["userName"] = existing.Body!["userName"];

        var response = method switch
        {
            "POST" => await _client.PostAsync("/Users", User("""{"roles":["Astronaut"]}""")),
            "PUT" => await _client.PutAsync($"/Users/{existing.Id}", body),
            _ => await _client.PatchAsync($"/Users/{existing.Id}", Patch(
                """[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles","value":["Astronaut"]}]""")),
        };

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("'Astronaut'");
        (await _client.GetAsync($"/Users/{existing.Id}")).Body.ShouldEqualJson(existing.Body);
    }

    [Fact]
    public async Task A_user_sent_without_roles_gets_the_tenants_default_roles()
    {
        var response = await _client.CreateUserAsync($"noroles-{Guid.NewGuid():N}@example.com");

        Roles(response).Should().Equal("Analyst");
    }

    [Fact]
    public async Task Removing_every_role_falls_back_to_the_default_roles()
    {
        var user = await _client.PostAsync("/Users", User("""{"roles":["Developer"]}"""));

        var response = await _client.PatchAsync($"/Users/{user.Id}", Patch(
            """[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles"}]"""));

        Roles(response).Should().Equal("Analyst");
    }

    [Fact]
    public async Task Entra_ID_app_roles_sent_as_core_roles_become_the_users_roles()
    {
        // Entra ID sends app role assignments as core "roles" (RFC 7643 §4.1.2) when the roles mapping is set.
        var body = Users.Minimal($"approles-{Guid.NewGuid():N}@example.com");
        body["roles"] = JArray.Parse("""[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","value":"Administrator"}]""");

        var response = await _client.PostAsync("/Users", body);

        Roles(response).Should().Equal("Administrator");
        ((string?)response.Body!["roles"]![0]!["type"]).Should().Be("WindowsAzureActiveDirectoryRole");
    }

    [Fact]
    public async Task Removing_a_role_through_either_attribute_removes_it_from_both()
    {
        var user = await _client.PostAsync("/Users", User("""{"roles":["Analyst","Developer"]}"""));

        var viaCore = await _client.PatchAsync($"/Users/{user.Id}", Patch("""[{"op":"remove","path":"roles[value eq \"Developer\"]"}]"""));

        Roles(viaCore).Should().Equal("Analyst");
        viaCore.Body!["roles"]!.Select(r => (string?)r["value"]).Should().Equal("Analyst");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("Bulk POST")]
    [InlineData("Bulk PATCH")]
    public async Task Core_roles_keep_their_display_type_and_primary_on_every_write_path(string method)
    {
        // RFC 7643 §4.1.2: a role's display, type and primary are readWrite. The user already holds the default role
        // Analyst, so a PATCH add of Analyst appends a second element for the same role.
        const string Role = """{"value":"Analyst","display":"Data analyst","type":"WindowsAzureActiveDirectoryRole","primary":true}""";
        var existing = await _client.CreateUserAsync($"subattr-{Guid.NewGuid():N}@example.com");
        var userName = method.EndsWith("POST", StringComparison.Ordinal) ? $"subattr-{Guid.NewGuid():N}@example.com" : (string)existing.Body!["userName"]!;
        var user = Users.Minimal(userName);
        user["roles"] = JArray.Parse($"[{Role}]");
        var patch = Patch($$"""[{"op":"add","path":"roles","value":[{{Role}}]}]""");
        JObject Bulk(string verb, string path, JObject data) => new()
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = new JArray(new JObject { ["method"] = verb, ["path"] = path, ["bulkId"] = "r", ["data"] = data }),
        };

        var response = method switch
        {
            "POST" => await _client.PostAsync("/Users", user),
            "PUT" => await _client.PutAsync($"/Users/{existing.Id}", user),
            "PATCH" => await _client.PatchAsync($"/Users/{existing.Id}", patch),
            "Bulk POST" => await _client.PostAsync("/Bulk", Bulk("POST", "/Users", user)),
            _ => await _client.PostAsync("/Bulk", Bulk("PATCH", $"/Users/{existing.Id}", patch)),
        };

        response.Status.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Created], response.RawBody);
        var stored = (await _client.GetAsync($"/Users?filter=userName eq \"{userName}\"")).Resources.Single();
        var role = stored["roles"]!.Single();
        JToken.DeepEquals(role, JObject.Parse(Role)).Should().BeTrue($"the role keeps what was sent, not {role}");
        stored[Users.AccessSchema]!["roles"]!.Values<string>().Should().Equal("Analyst");
    }

    [Fact]
    public async Task A_role_is_removed_through_the_extensions_list_with_a_value_filter()
    {
        var user = await _client.PostAsync("/Users", User("""{"roles":["Analyst","Developer"]}"""));

        var response = await _client.PatchAsync($"/Users/{user.Id}", Patch(
            """[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles[value eq \"Developer\"]"}]"""));

        response.ShouldBe(HttpStatusCode.OK);
        Roles(response).Should().Equal("Analyst");
        response.Body!["roles"]!.Select(r => (string?)r["value"]).Should().Equal("Analyst");
    }

    [Fact]
    public async Task With_organizations_but_no_primary_the_first_becomes_primary()
    {
        var response = await _client.PostAsync("/Users", User("""{"organizations":["north","south"]}"""));

        ((string?)Access(response)!["primaryOrganization"]).Should().Be("north");
    }

    [Fact]
    public async Task A_primary_organization_outside_the_users_organizations_is_400()
    {
        var response = await _client.PostAsync("/Users", User("""{"organizations":["north"],"primaryOrganization":"west"}"""));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("west");
    }

    [Fact]
    public async Task Removing_the_primary_organization_is_400_unless_a_new_primary_comes_with_it()
    {
        var user = await _client.PostAsync("/Users", User("""{"organizations":["north","south"],"primaryOrganization":"north"}"""));

        var refused = await _client.PatchAsync($"/Users/{user.Id}", Patch(
            """[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:organizations","value":["south"]}]"""));
        var accepted = await _client.PatchAsync($"/Users/{user.Id}", Patch(
            """
            [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:organizations","value":["south"]},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:primaryOrganization","value":"south"}]
            """));

        refused.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)refused.Body!["detail"]).Should().Contain("primary organization");
        accepted.ShouldBe(HttpStatusCode.OK);
        ((string?)Access(accepted)!["primaryOrganization"]).Should().Be("south");
    }

    [Theory]
    [InlineData("TenantAdmin")]
    [InlineData("Administrator")]
    public async Task An_eligible_role_may_hold_a_service_account_with_an_existing_home_tenant(string role)
    {
        var response = await _client.PostAsync("/Users", User($$$"""{"roles":["{{{role}}}"],"serviceAccount":{"enabled":true,"homeTenant":"default"}}"""));

        response.ShouldBe(HttpStatusCode.Created);
        ((bool)Access(response)!["serviceAccount"]!["enabled"]!).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"roles":["Analyst"],"serviceAccount":{"enabled":true,"homeTenant":"default"}}""", "must hold one of the roles")]
    [InlineData("""{"roles":["ITAdmin","Developer"],"serviceAccount":{"enabled":true,"homeTenant":"default"}}""", "must hold one of the roles")]
    [InlineData("""{"roles":["Administrator"],"serviceAccount":{"enabled":true,"homeTenant":"atlantis"}}""", "'atlantis' is not a tenant")]
    [InlineData("""{"roles":["Administrator"],"serviceAccount":{"enabled":true}}""", "homeTenant")]
    public async Task A_service_account_without_an_eligible_role_or_a_real_home_tenant_is_400(string access, string detail)
    {
        var response = await _client.PostAsync("/Users", User(access));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain(detail);
    }

    [Fact]
    public async Task A_service_account_cannot_lose_its_last_eligible_role_until_it_is_disabled()
    {
        var user = await _client.PostAsync("/Users", User("""{"roles":["Administrator","Analyst"],"serviceAccount":{"enabled":true,"homeTenant":"default"}}"""));
        const string SetAnalystOnly = """
            [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles","value":["Analyst"]}]
            """;

        var refused = await _client.PatchAsync($"/Users/{user.Id}", Patch(SetAnalystOnly));
        var disabledThenRemoved = await _client.PatchAsync($"/Users/{user.Id}", Patch(
            """
            [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:serviceAccount.enabled","value":false},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles","value":["Analyst"]}]
            """));

        refused.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)refused.Body!["detail"]).Should().Contain("service account").And.Contain("Disable serviceAccount first");
        disabledThenRemoved.ShouldBe(HttpStatusCode.OK);
        Roles(disabledThenRemoved).Should().Equal("Analyst");
    }

    [Fact]
    public async Task Deactivation_keeps_roles_and_memberships_and_reactivation_restores_them()
    {
        var user = await _client.PostAsync("/Users", User("""{"roles":["Developer"],"organizations":["north"]}"""));
        var group = await _client.PostAsync("/Groups", Groups.New($"keep-{Guid.NewGuid():N}", user.Id));

        var inactive = await _client.PatchAsync($"/Users/{user.Id}", Patch("""[{"op":"replace","path":"active","value":false}]"""));
        var active = await _client.PatchAsync($"/Users/{user.Id}", Patch("""[{"op":"replace","path":"active","value":true}]"""));

        ((bool)inactive.Body!["active"]!).Should().BeFalse();
        Roles(inactive).Should().Equal("Developer");
        inactive.Body["groups"]!.Select(g => (string?)g["value"]).Should().Equal(group.Id);
        ((bool)active.Body!["active"]!).Should().BeTrue();
        Roles(active).Should().Equal("Developer");
        ((string?)Access(active)!["primaryOrganization"]).Should().Be("north");
    }
}
