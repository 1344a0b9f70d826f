using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Behind a TLS-terminating proxy the server sees http and its own host; Entra ID requires the https Tenant URL, so
/// <c>meta.location</c> and <c>Location</c> must carry what the proxy was asked for — but only when configured.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static void Forwarded(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "scim.example.com");
    }

    [Fact]
    public async Task With_forwarded_headers_enabled_the_location_and_meta_location_carry_the_public_https_url()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:ForwardedHeaders:Enabled"] = "true";
        var client = factory.CreateScimClient();

        var created = await client.PostAsync("/Users", Users.Minimal("forwarded@example.com"), Forwarded);

        created.ShouldBe(HttpStatusCode.Created);
        created.Location.Should().StartWith("https://scim.example.com/scim/v2/Users/");
        ((string?)created.Body!["meta"]!["location"]).Should().Be(created.Location);

        var listed = await client.GetAsync("/Users", Forwarded);
        ((string?)listed.Resources[0]!["meta"]!["location"]).Should().Be(created.Location);
    }

    [Fact]
    public async Task By_default_forwarded_headers_are_ignored_so_a_client_cannot_forge_meta_location()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();

        var created = await client.PostAsync("/Users", Users.Minimal("forged@example.com"), Forwarded);

        created.ShouldBe(HttpStatusCode.Created);
        created.Location.Should().StartWith("http://localhost/scim/v2/Users/");
        ((string?)created.Body!["meta"]!["location"]).Should().StartWith("http://localhost/scim/v2/Users/");
    }

    [Theory]
    [InlineData("203.0.113.7", "http://localhost/scim/v2/Users/")]
    [InlineData("10.1.2.3", "https://scim.example.com/scim/v2/Users/")]
    public async Task Forwarded_headers_are_believed_only_from_a_configured_proxy_network(string clientAddress, string expectedLocation)
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:ForwardedHeaders:Enabled"] = "true";
        factory.Settings["Scim:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8";
        var body = Encoding.UTF8.GetBytes(Users.Minimal($"via-{clientAddress}@example.com").ToString());

        var context = await factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(clientAddress);
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/scim/v2/Users";
            http.Request.Headers.Authorization = "Bearer " + ScimServerFactory.TenantToken;
            http.Request.Headers["X-Forwarded-Proto"] = "https";
            http.Request.Headers["X-Forwarded-Host"] = "scim.example.com";
            http.Request.ContentType = ScimClient.ScimJsonType;
            http.Request.Body = new MemoryStream(body);
        });

        context.Response.StatusCode.Should().Be(StatusCodes.Status201Created);
        context.Response.Headers.Location.ToString().Should().StartWith(expectedLocation);
        var json = JObject.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync());
        ((string?)json["meta"]!["location"]).Should().StartWith(expectedLocation);
    }
}
