using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>The admin API: tenants with their first administrator, role catalog and organizations; tokens shown once.</summary>
public sealed class AdminApiTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly AdminClient _admin;

    public AdminApiTests(ScimServerFactory factory)
    {
        _factory = factory;
        _admin = new AdminClient(factory.CreateClient());
    }

    private static string NewTenantId() => $"t{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Creating_a_tenant_with_a_first_admin_answers_201_and_the_admin_holds_the_highest_role()
    {
        var id = NewTenantId();

        var response = await _admin.PostAsync("/admin/tenants", JObject.Parse($$$"""
            {"id": "{{{id}}}", "name": "Acme", "firstAdmin": {"userName": "owner@acme.example"}}
            """));

        response.ShouldBe(HttpStatusCode.Created);
        ((string?)response.Body!["id"]).Should().Be(id);
        ((string?)response.Body["name"]).Should().Be("Acme");
        response.Body["roles"]!.Select(r => (string?)r["name"]).Should().Equal("TenantAdmin", "Administrator", "ITAdmin", "Analyst", "Developer");
        ((string?)response.Body["roles"]![0]!["displayName"]).Should().Be("Server Administrator");
        response.Location.Should().EndWith($"/admin/tenants/{id}");
        var users = await _factory.CreateScimClient(ScimServerFactory.AdminToken, $"/tenants/{id}/scim/v2").GetAsync("/Users");
        var owner = users.Resources.Single();
        ((string?)owner["userName"]).Should().Be("owner@acme.example");
        owner[Users.AccessSchema]!["roles"]!.Values<string>().Should().Equal("TenantAdmin");
        ((string?)owner["emails"]![0]!["value"]).Should().Be("owner@acme.example");
    }

    [Theory]
    [InlineData("""{"id": "Not Valid!"}""", "invalidValue")]
    [InlineData("""{"name": "no id"}""", "invalidValue")]
    [InlineData("""{"id": "ok-id", "defaultRoles": ["Astronaut"]}""", "invalidValue")]
    [InlineData("""{"id": "ok-id2", "roles": [{"name": "9lives"}]}""", "invalidValue")]
    [InlineData("""["not", "an", "object"]""", "invalidSyntax")]
    public async Task An_invalid_tenant_is_400_and_not_created(string body, string scimType)
    {
        (await _admin.PostAsync("/admin/tenants", body)).ShouldBeError(HttpStatusCode.BadRequest, scimType);

        (await _admin.GetAsync("/admin/tenants")).Body!["tenants"]!.Select(t => (string?)t["id"]).Should().NotContain(["ok-id", "ok-id2"]);
    }

    [Fact]
    public async Task A_tenant_id_is_unique()
    {
        var id = NewTenantId();
        await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = id });

        (await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = id })).ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
    }

    [Fact]
    public async Task A_first_admin_without_a_userName_creates_no_tenant()
    {
        var id = NewTenantId();

        (await _admin.PostAsync("/admin/tenants", JObject.Parse($$$"""{"id": "{{{id}}}", "firstAdmin": {}}"""))).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");

        (await _admin.GetAsync($"/admin/tenants/{id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_admin_api_needs_the_server_admin_token()
    {
        (await new AdminClient(_factory.CreateClient(), token: null).GetAsync("/admin/tenants")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await new AdminClient(_factory.CreateClient(), ScimServerFactory.TenantToken).GetAsync("/admin/tenants")).ShouldBeError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_is_shown_once_works_for_its_tenant_only_and_is_refused_at_once_when_revoked()
    {
        var id = NewTenantId();
        await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = id });

        var created = await _admin.PostAsync($"/admin/tenants/{id}/tokens", new JObject { ["name"] = "entra" });
        created.ShouldBe(HttpStatusCode.Created);
        var secret = (string)created.Body!["token"]!;
        ((string?)created.Body["name"]).Should().Be("entra");
        var tokenId = (string)created.Body["id"]!;

        var client = _factory.CreateScimClient(secret);
        await client.CreateUserAsync("only-here@example.com");
        (await client.GetAsync("/Users")).TotalResults.Should().Be(1, "the new tenant sees only its own user");
        var listed = await _admin.GetAsync($"/admin/tenants/{id}/tokens");
        listed.RawBody.Should().NotContain(secret);
        listed.Body!["tokens"]!.Select(t => (string?)t["name"]).Should().Equal("entra");

        (await _admin.DeleteAsync($"/admin/tenants/{id}/tokens/{tokenId}")).ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        ((string?)(await _admin.GetAsync($"/admin/tenants/{id}/tokens")).Body!["tokens"]![0]!["revoked"]).Should().NotBeNull();
    }

    [Fact]
    public async Task A_token_without_a_name_is_400_and_a_token_of_another_tenant_cannot_be_revoked_through_this_one()
    {
        var first = NewTenantId();
        var second = NewTenantId();
        await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = first });
        await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = second });
        var token = await _admin.PostAsync($"/admin/tenants/{first}/tokens", new JObject { ["name"] = "x" });

        (await _admin.PostAsync($"/admin/tenants/{first}/tokens", new JObject())).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await _admin.DeleteAsync($"/admin/tenants/{second}/tokens/{token.Body!["id"]}")).ShouldBeError(HttpStatusCode.NotFound);
        (await _factory.CreateScimClient((string)token.Body["token"]!).GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Custom_roles_and_default_roles_and_organizations_of_a_tenant_apply_to_its_users()
    {
        var id = NewTenantId();
        var client = await _admin.CreateTenantWithTokenAsync(id);

        var updated = await _admin.PatchAsync($"/admin/tenants/{id}", JObject.Parse("""
            {"roles": [{"name": "Auditor", "displayName": "Auditor", "serviceAccountEligible": false}],
             "defaultRoles": ["Auditor"], "organizations": ["north", "south"]}
            """));
        updated.ShouldBe(HttpStatusCode.OK);
        updated.Body!["roles"]!.Select(r => (string?)r["name"]).Should().Contain(["TenantAdmin", "Auditor"]);

        var defaulted = await client.CreateUserAsync("defaulted@example.com");
        var unknownOrganization = await client.PostAsync("/Users", JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"west@example.com",
             "urn:ietf:params:scim:schemas:extension:access:2.0:User":{"organizations":["west"]}}
            """));

        defaulted.Body![Users.AccessSchema]!["roles"]!.Values<string>().Should().Equal("Auditor");
        unknownOrganization.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)unknownOrganization.Body!["detail"]).Should().Contain("west");
    }

    [Fact]
    public async Task Deleting_a_tenant_refuses_its_tokens_and_a_second_delete_is_404()
    {
        var id = NewTenantId();
        var client = await _admin.CreateTenantWithTokenAsync(id);
        (await client.GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);

        (await _admin.DeleteAsync($"/admin/tenants/{id}")).ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await _admin.GetAsync($"/admin/tenants/{id}")).ShouldBeError(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"/admin/tenants/{id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_server_admin_sees_every_tenant_where_a_service_account_is_provisioned()
    {
        var home = NewTenantId();
        var client = await _admin.CreateTenantWithTokenAsync(home);
        var other = await _admin.CreateTenantWithTokenAsync(NewTenantId());
        var userName = $"consultant-{Guid.NewGuid():N}@partner.example";
        var body = Users.Minimal(userName);
        body[Users.AccessSchema] = new JObject
        {
            ["roles"] = new JArray("Administrator"),
            ["serviceAccount"] = new JObject { ["enabled"] = true, ["homeTenant"] = home },
        };
        (await client.PostAsync("/Users", body)).ShouldBe(HttpStatusCode.Created);
        body["userName"] = userName.ToUpperInvariant();
        (await other.PostAsync("/Users", body)).ShouldBe(HttpStatusCode.Created);

        var view = await _admin.GetAsync($"/admin/service-accounts?userName={Uri.EscapeDataString(userName)}");

        view.ShouldBe(HttpStatusCode.OK);
        ((string?)view.Body!["homeTenant"]).Should().Be(home);
        var tenants = (JArray)view.Body["tenants"]!;
        tenants.Should().HaveCount(2);
        tenants.Should().OnlyContain(t => t["roles"]!.Values<string>().Contains("Administrator"));
    }
}
