using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>Logs an operator can use: one line per request with who and how it went, and never a secret.</summary>
public sealed class LogTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly WebApplicationFactory<Program> _host;

    public LogTests()
    {
        // Every category at every level: a secret must not appear even in debug output.
        _factory.Settings["Logging:LogLevel:Default"] = "Trace";
        _factory.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        _factory.Settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace";
        _host = _factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(_logs)));
    }

    public void Dispose()
    {
        _host.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task No_secret_appears_in_any_log_line_across_create_patch_bulk_and_oauth()
    {
        const string password = "Correct-Horse-Battery-Staple-42";
        const string bulkPassword = "Bulk-Password-Zebra-97";
        const string wrongToken = "not-a-real-token-but-secret-looking-123";
        var admin = new AdminClient(_host.CreateClient());
        var scim = new ScimClient(_host.CreateClient(), ScimServerFactory.TenantToken, "/scim/v2");

        var user = await scim.CreateUserAsync("secret-run@example.com", u => u["password"] = password);
        (await scim.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "password", password + "-changed")))).ShouldBe(HttpStatusCode.OK);
        var bulk = JObject.Parse($$"""
            {
              "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
              "Operations": [
                { "method": "POST", "path": "/Users", "bulkId": "b1", "data": { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bulk-secret@example.com", "password": "{{bulkPassword}}" } }
              ]
            }
            """);
        (await scim.PostAsync("/Bulk", bulk)).ShouldBe(HttpStatusCode.OK);
        var client = await admin.PostAsync("/admin/tenants/default/clients", new JObject { ["name"] = "entra-gallery" });
        client.ShouldBe(HttpStatusCode.Created);
        var clientSecret = (string)client.Body!["clientSecret"]!;
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = (string)client.Body["clientId"]!,
                ["client_secret"] = clientSecret,
            }),
        };
        using var tokenResponse = await _host.CreateClient().SendAsync(tokenRequest);
        var accessToken = (string)JObject.Parse(await tokenResponse.Content.ReadAsStringAsync())["access_token"]!;
        (await new ScimClient(_host.CreateClient(), accessToken, "/scim/v2").GetAsync($"/Users/{user.Id}")).ShouldBe(HttpStatusCode.OK);
        (await new ScimClient(_host.CreateClient(), wrongToken, "/scim/v2").GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScimServerFactory.AdminToken);
        (await _host.CreateClient().SendAsync(scrape)).StatusCode.Should().Be(HttpStatusCode.OK);

        var lines = _logs.Lines.ToList();
        lines.Should().Contain(line => line.Contains("/oauth/token answered 200", StringComparison.Ordinal), "the run was logged");
        string[] secrets = [ScimServerFactory.TenantToken, ScimServerFactory.AdminToken, password, bulkPassword, clientSecret, accessToken, wrongToken];
        foreach (var secret in secrets)
        {
            lines.Should().NotContain(line => line.Contains(secret, StringComparison.Ordinal), $"no log line may hold the secret {secret}");
        }
    }

    [Fact]
    public async Task Each_request_is_logged_once_with_request_id_tenant_token_name_status_and_duration()
    {
        var scim = new ScimClient(_host.CreateClient(), ScimServerFactory.TenantToken, "/scim/v2");

        var created = await scim.CreateUserAsync("logged@example.com");

        var requestLines = _logs.Lines.Where(line => line.Contains("RequestTelemetryMiddleware", StringComparison.Ordinal)
            && line.Contains("POST /scim/v2/Users answered", StringComparison.Ordinal)).ToList();
        requestLines.Should().ContainSingle();
        var line = requestLines[0];
        line.Should().Contain("StatusCode=201").And.Contain("Tenant=default").And.Contain("TokenName=").And.Contain("ElapsedMs=")
            .And.MatchRegex("RequestId=[^ ]+").And.Contain("Route=/scim/v2/Users/");
        line.Should().NotContain(ScimServerFactory.TenantToken);
        created.Id.Should().NotBeNullOrEmpty();
    }
}
