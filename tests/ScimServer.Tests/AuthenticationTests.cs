using System.Net;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

public sealed class AuthenticationTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;

    public AuthenticationTests(ScimServerFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/Users")]
    [InlineData("/Users/any-id")]
    [InlineData("/Groups")]
    [InlineData("/ServiceProviderConfig")]
    [InlineData("/Schemas")]
    [InlineData("/ResourceTypes")]
    public async Task A_request_without_a_token_gets_401_with_a_scim_error(string path)
    {
        var client = new ScimClient(_factory.CreateClient(), token: null, "/scim/v2");

        var response = await client.GetAsync(path);

        response.ShouldBeError(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer");
    }

    [Fact]
    public async Task A_request_with_an_unknown_token_gets_401()
    {
        var response = await _factory.CreateScimClient("not-a-token").GetAsync("/Users");

        response.ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_basic_authorization_header_is_not_a_bearer_token()
    {
        var response = await _factory.CreateScimClient(token: null!).GetAsync("/Users", r =>
            r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz"));

        response.ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_rejected_write_without_a_token_creates_nothing()
    {
        var anonymous = new ScimClient(_factory.CreateClient(), token: null, "/scim/v2");
        await anonymous.PostAsync("/Users", Users.Minimal("sneaky@example.com"));

        var list = await _factory.CreateScimClient().GetAsync("/Users?filter=userName eq \"sneaky@example.com\"");

        list.TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task The_tenant_token_reads_its_tenant()
    {
        var response = await _factory.CreateScimClient().GetAsync("/Users");

        response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_server_admin_token_has_no_tenant_of_its_own()
    {
        var response = await _factory.CreateScimClient(ScimServerFactory.AdminToken).GetAsync("/Users");

        response.ShouldBeError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_server_admin_token_addresses_a_tenant_by_id()
    {
        var tenantClient = _factory.CreateScimClient();
        var created = await tenantClient.CreateUserAsync($"via-admin-{Guid.NewGuid():N}@example.com");

        var admin = _factory.CreateScimClient(ScimServerFactory.AdminToken, "/tenants/default/scim/v2");
        var response = await admin.GetAsync($"/Users/{created.Id}");

        response.ShouldBe(HttpStatusCode.OK);
        response.Location.Should().Contain("/tenants/default/scim/v2/Users/");
    }

    [Fact]
    public async Task A_tenant_token_cannot_address_a_tenant_by_id()
    {
        var response = await _factory.CreateScimClient(ScimServerFactory.TenantToken, "/tenants/default/scim/v2").GetAsync("/Users");

        response.ShouldBeError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_tenant_is_404_for_the_server_admin()
    {
        var response = await _factory.CreateScimClient(ScimServerFactory.AdminToken, "/tenants/nope/scim/v2").GetAsync("/Users");

        response.ShouldBeError(HttpStatusCode.NotFound);
    }
}
