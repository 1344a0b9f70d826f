using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

public sealed class DiscoveryTests : IClassFixture<ScimServerFactory>
{
    private static readonly string[] SystemRoles = ["TenantAdmin", "Administrator", "ITAdmin", "Analyst", "Developer"];

    private readonly ScimServerFactory _factory;
    private readonly ScimClient _client;
    private readonly AdminClient _admin;

    public DiscoveryTests(ScimServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateScimClient();
        _admin = new AdminClient(factory.CreateClient());
    }

    [Fact]
    public async Task ServiceProviderConfig_says_what_the_server_supports()
    {
        var response = await _client.GetAsync("/ServiceProviderConfig");

        response.ShouldBe(HttpStatusCode.OK);
        var config = response.Body!;
        ((string?)config["schemas"]![0]).Should().Be("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        ((bool)config["patch"]!["supported"]!).Should().BeTrue();
        ((bool)config["bulk"]!["supported"]!).Should().BeTrue();
        ((int)config["bulk"]!["maxOperations"]!).Should().Be(1000);
        ((long)config["bulk"]!["maxPayloadSize"]!).Should().Be(1024 * 1024);
        ((bool)config["filter"]!["supported"]!).Should().BeTrue();
        ((int)config["filter"]!["maxResults"]!).Should().Be(1000);
        ((bool)config["sort"]!["supported"]!).Should().BeTrue();
        ((bool)config["etag"]!["supported"]!).Should().BeTrue();
        ((bool)config["changePassword"]!["supported"]!).Should().BeTrue();
        ((bool)config["pagination"]!["cursor"]!).Should().BeTrue();
        ((bool)config["pagination"]!["index"]!).Should().BeTrue();
        ((string?)config["authenticationSchemes"]![0]!["type"]).Should().Be("oauthbearertoken");
        ((string?)config["meta"]!["resourceType"]).Should().Be("ServiceProviderConfig");
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("application/scim+json");
    }

    [Fact]
    public async Task ServiceProviderConfig_advertises_the_configured_limits()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxPayloadBytes"] = "2048";
        factory.Settings["Scim:MaxResults"] = "50";

        var config = (await factory.CreateScimClient().GetAsync("/ServiceProviderConfig")).Body!;

        ((long)config["bulk"]!["maxPayloadSize"]!).Should().Be(2048);
        ((int)config["filter"]!["maxResults"]!).Should().Be(50);
        ((int)config["pagination"]!["maxPageSize"]!).Should().Be(50);
    }

    [Fact]
    public async Task ResourceTypes_lists_users_with_both_extensions_and_groups()
    {
        var response = await _client.GetAsync("/ResourceTypes");

        response.ShouldBe(HttpStatusCode.OK);
        response.TotalResults.Should().Be(2);
        var user = response.Resources.Single(r => (string?)r["name"] == "User");
        ((string?)user["endpoint"]).Should().Be("/Users");
        user["schemaExtensions"]!.Select(e => (string?)e["schema"]).Should().BeEquivalentTo(
            Users.EnterpriseSchema, Users.AccessSchema);
        ((string?)user["meta"]!["location"]).Should().EndWith("/scim/v2/ResourceTypes/User");
        response.Resources.Should().Contain(r => (string?)r["name"] == "Group");
    }

    [Fact]
    public async Task One_resource_type_is_served_by_name_and_an_unknown_one_is_404()
    {
        (await _client.GetAsync("/ResourceTypes/Group")).ShouldBe(HttpStatusCode.OK);
        (await _client.GetAsync("/ResourceTypes/Printer")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Schemas_serves_every_schema_without_storage_details()
    {
        var response = await _client.GetAsync("/Schemas");

        response.ShouldBe(HttpStatusCode.OK);
        response.Resources.Select(r => (string?)r["id"]).Should().BeEquivalentTo(
            Users.CoreSchema, "urn:ietf:params:scim:schemas:core:2.0:Group", Users.EnterpriseSchema, Users.AccessSchema);
        response.RawBody.Should().NotContain("x-storageAlias");
    }

    [Fact]
    public async Task The_access_extension_schema_describes_roles_organizations_and_service_accounts()
    {
        var response = await _client.GetAsync($"/Schemas/{Users.AccessSchema}");

        response.ShouldBe(HttpStatusCode.OK);
        var attributes = (JArray)response.Body!["attributes"]!;
        attributes.Select(a => (string?)a["name"]).Should().BeEquivalentTo(
            "roles", "organizations", "primaryOrganization", "serviceAccount", "defaultPage");
        var serviceAccount = attributes.Single(a => (string?)a["name"] == "serviceAccount");
        serviceAccount["subAttributes"]!.Select(a => (string?)a["name"]).Should().BeEquivalentTo("enabled", "homeTenant");
    }

    [Fact]
    public async Task The_user_schema_marks_password_write_only_and_never_returned()
    {
        var response = await _client.GetAsync($"/Schemas/{Users.CoreSchema}");

        var password = response.Body!["attributes"]!.Single(a => (string?)a["name"] == "password");
        ((string?)password["mutability"]).Should().Be("writeOnly");
        ((string?)password["returned"]).Should().Be("never");
    }

    [Fact]
    public async Task Schemas_publish_the_tenant_role_catalog_as_canonical_values_of_both_role_attributes()
    {
        var core = await _client.GetAsync($"/Schemas/{Users.CoreSchema}");
        var access = await _client.GetAsync($"/Schemas/{Users.AccessSchema}");

        core.ShouldBe(HttpStatusCode.OK);
        CoreRoleValues(core.Body!).Should().Equal(SystemRoles);
        access.ShouldBe(HttpStatusCode.OK);
        AccessRoleValues(access.Body!).Should().Equal(SystemRoles);
    }

    [Fact]
    public async Task The_schemas_list_publishes_the_role_catalog_and_leaves_other_attributes_alone()
    {
        var response = await _client.GetAsync("/Schemas");

        response.ShouldBe(HttpStatusCode.OK);
        CoreRoleValues(response.Resources.Single(r => (string?)r["id"] == Users.CoreSchema)).Should().Equal(SystemRoles);
        AccessRoleValues(response.Resources.Single(r => (string?)r["id"] == Users.AccessSchema)).Should().Equal(SystemRoles);
        var organizations = response.Resources.Single(r => (string?)r["id"] == Users.AccessSchema)["attributes"]!
            .Single(a => (string?)a["name"] == "organizations");
        organizations["canonicalValues"].Should().BeNull();
        var emailType = response.Resources.Single(r => (string?)r["id"] == Users.CoreSchema)["attributes"]!
            .Single(a => (string?)a["name"] == "emails")["subAttributes"]!.Single(a => (string?)a["name"] == "type");
        emailType["canonicalValues"]!.Values<string>().Should().Equal("work", "home", "other");
    }

    [Fact]
    public async Task Two_tenants_with_different_catalogs_each_see_their_own_roles()
    {
        var auditors = await CreateTenantWithRoleAsync("Auditor");
        var pilots = await CreateTenantWithRoleAsync("Pilot");

        var auditorsList = await auditors.Client.GetAsync("/Schemas");
        var auditorsAccess = await auditors.Client.GetAsync($"/Schemas/{Users.AccessSchema}");
        var pilotsCore = await pilots.Client.GetAsync($"/Schemas/{Users.CoreSchema}");
        var pilotsAccess = await pilots.Client.GetAsync($"/Schemas/{Users.AccessSchema}");

        CoreRoleValues(auditorsList.Resources.Single(r => (string?)r["id"] == Users.CoreSchema)).Should().Equal([.. SystemRoles, "Auditor"]);
        AccessRoleValues(auditorsAccess.Body!).Should().Equal([.. SystemRoles, "Auditor"]);
        CoreRoleValues(pilotsCore.Body!).Should().Equal([.. SystemRoles, "Pilot"]);
        AccessRoleValues(pilotsAccess.Body!).Should().Equal([.. SystemRoles, "Pilot"]);
        AccessRoleValues((await _client.GetAsync($"/Schemas/{Users.AccessSchema}")).Body!).Should().Equal(SystemRoles);
    }

    [Fact]
    public async Task A_server_admin_addressing_a_tenant_sees_that_tenant_catalog()
    {
        var pilots = await CreateTenantWithRoleAsync("Pilot");
        var asAdmin = _factory.CreateScimClient(ScimServerFactory.AdminToken, $"/tenants/{pilots.Id}/scim/v2");

        var list = await asAdmin.GetAsync("/Schemas");
        var access = await asAdmin.GetAsync($"/Schemas/{Users.AccessSchema}");

        list.ShouldBe(HttpStatusCode.OK);
        CoreRoleValues(list.Resources.Single(r => (string?)r["id"] == Users.CoreSchema)).Should().Equal([.. SystemRoles, "Pilot"]);
        AccessRoleValues(access.Body!).Should().Equal([.. SystemRoles, "Pilot"]);
    }

    [Fact]
    public async Task A_custom_role_added_to_a_tenant_is_published_at_once_and_is_accepted_on_a_user()
    {
        var tenant = await CreateTenantWithRoleAsync("Auditor");
        var before = await tenant.Client.GetAsync($"/Schemas/{Users.AccessSchema}");

        (await _admin.PatchAsync($"/admin/tenants/{tenant.Id}", JObject.Parse("""
            {"roles": [{"name": "Auditor", "displayName": "Auditor", "serviceAccountEligible": false},
                       {"name": "Reviewer", "displayName": "Reviewer", "serviceAccountEligible": false}]}
            """))).ShouldBe(HttpStatusCode.OK);
        var access = await tenant.Client.GetAsync($"/Schemas/{Users.AccessSchema}");
        var published = AccessRoleValues(access.Body!).Last()!;
        var body = Users.Minimal("reviewer@example.com");
        body[Users.AccessSchema] = new JObject { ["roles"] = new JArray(published) };
        var user = await tenant.Client.PostAsync("/Users", body);

        AccessRoleValues(before.Body!).Should().Equal([.. SystemRoles, "Auditor"]);
        AccessRoleValues(access.Body!).Should().Equal([.. SystemRoles, "Auditor", "Reviewer"]);
        user.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_unknown_schema_is_404()
    {
        (await _client.GetAsync("/Schemas/urn:example:nothing")).ShouldBeError(HttpStatusCode.NotFound);
    }

    private async Task<(string Id, ScimClient Client)> CreateTenantWithRoleAsync(string role)
    {
        var id = "catalog-" + Guid.NewGuid().ToString("N")[..12];
        var client = await _admin.CreateTenantWithTokenAsync(id);
        (await _admin.PatchAsync($"/admin/tenants/{id}", new JObject
        {
            ["roles"] = new JArray(new JObject { ["name"] = role, ["displayName"] = role, ["serviceAccountEligible"] = false }),
        })).ShouldBe(HttpStatusCode.OK);
        return (id, client);
    }

    private static IEnumerable<string?> CoreRoleValues(JToken schema) =>
        schema["attributes"]!.Single(a => (string?)a["name"] == "roles")["subAttributes"]!
            .Single(a => (string?)a["name"] == "value")["canonicalValues"]!.Values<string>();

    private static IEnumerable<string?> AccessRoleValues(JToken schema) =>
        schema["attributes"]!.Single(a => (string?)a["name"] == "roles")["canonicalValues"]!.Values<string>();
}
