using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) that Microsoft Entra ID's gallery requires of SCIM apps:
/// a tenant's client trades id and secret for a signed JWT, used as the bearer token.
/// </summary>
public sealed class OAuthTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly AdminClient _admin;

    public OAuthTests(ScimServerFactory factory)
    {
        _factory = factory;
        _admin = new AdminClient(factory.CreateClient());
    }

    private async Task<(string Tenant, string ClientId, string Secret)> NewClientAsync()
    {
        var tenant = $"oauth{Guid.NewGuid():N}"[..20];
        await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = tenant });
        var client = await _admin.PostAsync($"/admin/tenants/{tenant}/clients", new JObject { ["name"] = "entra-gallery" });
        client.ShouldBe(HttpStatusCode.Created);
        return (tenant, (string)client.Body!["clientId"]!, (string)client.Body["clientSecret"]!);
    }

    private async Task<(HttpStatusCode Status, JObject Body)> RequestTokenAsync(Dictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        using var response = await _factory.CreateClient().SendAsync(request);
        return (response.StatusCode, JObject.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_client_gets_a_one_hour_bearer_token_that_acts_in_its_tenant()
    {
        var (tenant, clientId, secret) = await NewClientAsync();

        var (status, body) = await RequestTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });

        status.Should().Be(HttpStatusCode.OK, body.ToString());
        ((string?)body["token_type"]).Should().Be("Bearer");
        ((int)body["expires_in"]!).Should().Be(3600);
        var scim = _factory.CreateScimClient((string)body["access_token"]!);
        var created = await scim.CreateUserAsync("via-oauth@example.com");
        (await _factory.CreateScimClient(ScimServerFactory.AdminToken, $"/tenants/{tenant}/scim/v2").GetAsync($"/Users/{created.Id}"))
            .ShouldBe(HttpStatusCode.OK);
        (await _factory.CreateScimClient().GetAsync($"/Users/{created.Id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Client_credentials_may_come_as_http_basic()
    {
        var (_, clientId, secret) = await NewClientAsync();
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));

        var (status, _) = await RequestTokenAsync(new() { ["grant_type"] = "client_credentials" }, basic);

        status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_secret_or_grant_is_refused_with_an_oauth_error()
    {
        var (_, clientId, _) = await NewClientAsync();

        var wrongSecret = await RequestTokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "guess" });
        var wrongGrant = await RequestTokenAsync(new() { ["grant_type"] = "password", ["client_id"] = clientId, ["client_secret"] = "x" });

        wrongSecret.Status.Should().Be(HttpStatusCode.Unauthorized);
        ((string?)wrongSecret.Body["error"]).Should().Be("invalid_client");
        wrongGrant.Status.Should().Be(HttpStatusCode.BadRequest);
        ((string?)wrongGrant.Body["error"]).Should().Be("unsupported_grant_type");
    }

    [Fact]
    public async Task The_client_secret_itself_is_not_a_bearer_token_and_a_forged_jwt_is_refused()
    {
        var (_, _, secret) = await NewClientAsync();

        (await _factory.CreateScimClient(secret).GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await _factory.CreateScimClient("eyJhbGciOiJub25lIn0.eyJ0aWQiOiJkZWZhdWx0In0.").GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_the_client_refuses_its_access_tokens_at_once()
    {
        var (tenant, clientId, secret) = await NewClientAsync();
        var (_, body) = await RequestTokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });
        var scim = _factory.CreateScimClient((string)body["access_token"]!);
        (await scim.GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);

        (await _admin.DeleteAsync($"/admin/tenants/{tenant}/clients/{clientId}")).ShouldBe(HttpStatusCode.NoContent);

        (await scim.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
    }
}
