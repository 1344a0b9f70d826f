using System.Net;
using System.Text;
using ScimServer.Testing;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Refusals for the size of a request carry a SCIM error body (RFC 7644 §3.12), on the real Kestrel server — the
/// test host has no request-line or header limits of its own — and a filter at the parser's limit fits in a GET.
/// </summary>
public sealed class RequestLimitTests(KestrelServerFixture fixture) : IClassFixture<KestrelServerFixture>
{
    private const string TenantToken = KestrelServerFixture.TenantToken;
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task A_filter_of_4096_characters_each_percent_encoded_as_nine_bytes_fits_in_a_get()
    {
        var prefix = "userName eq \"";
        var filter = prefix + new string('€', 4096 - prefix.Length - 1) + "\"";
        filter.Length.Should().Be(4096);

        var response = await _server.Client(TenantToken).GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        response.ShouldBe(HttpStatusCode.OK);
        response.TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task A_filter_one_character_over_the_limit_is_400_invalidFilter()
    {
        var filter = "userName eq \"" + new string('€', 4096 - 13) + "\"";

        var response = await _server.Client(TenantToken).GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task A_request_target_over_the_limit_is_414_with_a_scim_error_naming_search()
    {
        var response = await _server.Client(TenantToken).GetAsync("/Users?filter=" + new string('a', 50_000));

        response.ShouldBeError(HttpStatusCode.RequestUriTooLong);
        ((string)response.Body!["detail"]!).Should().Contain(".search");
    }

    [Fact]
    public async Task Headers_over_the_limit_are_431_with_a_scim_error()
    {
        var response = await _server.Client(TenantToken).GetAsync("/Users", r => r.Headers.Add("X-Padding", new string('h', 40_000)));

        response.ShouldBeError(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task A_real_server_sends_nosniff_and_no_store_and_no_server_header()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(_server.BaseUrl + "/scim/v2/Users");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Contains("Server").Should().BeFalse();
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Should().Contain("urn:ietf:params:scim:api:messages:2.0:Error");
    }
}
