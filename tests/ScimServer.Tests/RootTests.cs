using System.Net;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>A person who opens the server's address sees where to go, not a 404.</summary>
public sealed class RootTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;

    public RootTests(ScimServerFactory factory) => _factory = factory;

    [Fact]
    public async Task The_root_answers_200_without_a_token_pointing_at_scim_the_api_documents_their_ui_and_health()
    {
        var response = await new ScimClient(_factory.CreateClient(), token: null, "").GetAsync("/");

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["scim"]).Should().Be("/scim/v2");
        ((string?)response.Body["openapi"]!["scim"]).Should().Be("/openapi/scim.json");
        ((string?)response.Body["openapi"]!["admin"]).Should().Be("/openapi/admin.json");
        ((string?)response.Body["docs"]).Should().Be("/docs");
        ((string?)response.Body["health"]).Should().Be("/health/ready");
        foreach (var link in new[] { (string)response.Body["openapi"]!["scim"]!, (string)response.Body["openapi"]!["admin"]!, (string)response.Body["docs"]! })
        {
            (await _factory.CreateClient().GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.OK, link);
        }
    }
}
