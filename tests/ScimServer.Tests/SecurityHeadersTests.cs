using System.Net;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>SCIM responses carry user data: they are never cached or sniffed, and do not name the server software.</summary>
public sealed class SecurityHeadersTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;

    public SecurityHeadersTests(ScimServerFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/scim/v2/Users", HttpStatusCode.OK)]
    [InlineData("/scim/v2/Users/no-such-id", HttpStatusCode.NotFound)]
    [InlineData("/scim/v2/ServiceProviderConfig", HttpStatusCode.OK)]
    [InlineData("/admin/tenants", HttpStatusCode.Forbidden)]
    [InlineData("/", HttpStatusCode.OK)]
    public async Task Every_response_says_nosniff_and_no_store_and_has_no_server_header(string path, HttpStatusCode status)
    {
        var response = await _factory.CreateScimClient(prefix: "").GetAsync(path);

        response.Status.Should().Be(status, response.RawBody);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.Contains("Server").Should().BeFalse();
    }

    [Fact]
    public async Task A_request_without_a_token_is_answered_with_no_store_too()
    {
        var response = await new ScimClient(_factory.CreateClient(), token: null, "/scim/v2").GetAsync("/Users");

        response.ShouldBeError(HttpStatusCode.Unauthorized);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }
}
