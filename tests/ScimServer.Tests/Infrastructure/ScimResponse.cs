using System.Net;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>A response as a SCIM client sees it.</summary>
public sealed record ScimResponse(HttpStatusCode Status, JObject? Body, HttpResponseHeaders Headers, HttpContentHeaders? ContentHeaders, string RawBody)
{
    public string? ETag => Headers.ETag?.ToString();

    public string? Location => Headers.Location?.ToString();

    public string? ScimType => (string?)Body?["scimType"];

    public string Id => (string)Body!["id"]!;

    public JArray Resources => (JArray)Body!["Resources"]!;

    public long TotalResults => (long)Body!["totalResults"]!;

    /// <summary>Asserts an RFC 7644 §3.12 error body with this status and scimType.</summary>
    public ScimResponse ShouldBeError(HttpStatusCode status, string? scimType = null)
    {
        Status.Should().Be(status, RawBody);
        Body.Should().NotBeNull(RawBody);
        ((string?)Body!["schemas"]?[0]).Should().Be("urn:ietf:params:scim:api:messages:2.0:Error");
        ((string?)Body["status"]).Should().Be(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ScimType.Should().Be(scimType, RawBody);
        ((string?)Body["detail"]).Should().NotBeNullOrWhiteSpace();
        RawBody.Should().NotContain("   at ", "no stack trace may leak");
        return this;
    }

    public ScimResponse ShouldBe(HttpStatusCode status)
    {
        Status.Should().Be(status, RawBody);
        return this;
    }
}
