using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

public sealed class DiscoveryTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public DiscoveryTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

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
    public async Task An_unknown_schema_is_404()
    {
        (await _client.GetAsync("/Schemas/urn:example:nothing")).ShouldBeError(HttpStatusCode.NotFound);
    }
}
