using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>The OpenAPI document describes the SCIM, admin and OAuth endpoints.</summary>
public sealed class OpenApiTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;

    public OpenApiTests(ScimServerFactory factory) => _factory = factory;

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints()
    {
        using var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = JObject.Parse(await response.Content.ReadAsStringAsync());
        ((string?)document["openapi"]).Should().StartWith("3.");
        var paths = ((JObject)document["paths"]!).Properties().Select(p => p.Name).ToList();
        paths.Should().Contain(["/scim/v2/Users", "/scim/v2/Users/{id}", "/scim/v2/Groups", "/scim/v2/Bulk", "/scim/v2/ServiceProviderConfig", "/admin/tenants", "/oauth/token"]);
    }
}
