using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The OpenTelemetry SDK listens to meters by name across the process, not to its own host's IMeterFactory: with
/// other test servers running beside it, this server's exporter counts their requests too, and one of their streams
/// can take the place of this server's — and when that other server is disposed, its streams are gone from every
/// exporter. These tests run alone (after the parallel ones) on one server, so a scrape shows what this class did.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsCollection;

/// <summary>OpenTelemetry: Prometheus text at /metrics behind the server-admin token, and a span per store call.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly AdminClient _admin;

    public TelemetryTests(ScimServerFactory factory)
    {
        _factory = factory;
        _admin = new AdminClient(factory.CreateClient());
    }

    private static string NewTenant() => $"otel{Guid.NewGuid():N}"[..16];

    private async Task<string> ScrapeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScimServerFactory.AdminToken);
        using var response = await _factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return text;
    }

    // The value of the one sample of this metric whose labels include all of these (Prometheus text format 0.0.4).
    private static double Sample(string scrape, string metric, params string[] labels)
    {
        var lines = scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        lines.Should().ContainSingle($"one {metric} sample with {string.Join(", ", labels)} in:\n{scrape}");
        return double.Parse(lines[0][(lines[0].LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_and_tenant_and_the_created_deactivated_and_deleted_users()
    {
        var tenant = NewTenant();
        var scim = await _admin.CreateTenantWithTokenAsync(tenant);
        var created = await scim.CreateUserAsync("ada@example.com");
        (await scim.PatchAsync($"/Users/{created.Id}", Groups.Patch(Groups.Operation("Replace", "active", false)))).ShouldBe(HttpStatusCode.OK);
        (await scim.PatchAsync($"/Users/{created.Id}", Groups.Patch(Groups.Operation("Replace", "displayName", "Ada")))).ShouldBe(HttpStatusCode.OK);
        (await scim.DeleteAsync($"/Users/{created.Id}")).Status.Should().Be(HttpStatusCode.NoContent);

        var scrape = await ScrapeAsync();

        var ofTenant = $"scim_tenant=\"{tenant}\"";
        Sample(scrape, "scim_provisioning_outcomes_total", ofTenant, "scim_resource_type=\"User\"", "scim_outcome=\"created\"").Should().Be(1);
        Sample(scrape, "scim_provisioning_outcomes_total", ofTenant, "scim_resource_type=\"User\"", "scim_outcome=\"deactivated\"").Should().Be(1);
        Sample(scrape, "scim_provisioning_outcomes_total", ofTenant, "scim_resource_type=\"User\"", "scim_outcome=\"updated\"").Should().Be(1);
        Sample(scrape, "scim_provisioning_outcomes_total", ofTenant, "scim_resource_type=\"User\"", "scim_outcome=\"deleted\"").Should().Be(1);
        Sample(scrape, "scim_server_requests_total", ofTenant, "http_route=\"/scim/v2/Users/\"", "http_request_method=\"POST\"", "http_response_status_code=\"201\"").Should().Be(1);
        Sample(scrape, "scim_server_requests_total", ofTenant, "http_route=\"/scim/v2/Users/{id}\"", "http_request_method=\"PATCH\"", "http_response_status_code=\"200\"").Should().Be(2);
        Sample(scrape, "scim_server_requests_total", ofTenant, "http_route=\"/scim/v2/Users/{id}\"", "http_request_method=\"DELETE\"", "http_response_status_code=\"204\"").Should().Be(1);
        scrape.Should().NotContain(created.Id, "a raw path would make a series per user");
        scrape.Should().Contain("scim_store_duration_seconds_bucket{", "store calls are timed");
    }

    [Fact]
    public async Task Metrics_count_bulk_operations_by_method_and_status_and_the_request_size()
    {
        var tenant = NewTenant();
        var scim = await _admin.CreateTenantWithTokenAsync(tenant);
        var bulk = JObject.Parse("""
            {
              "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
              "Operations": [
                { "method": "POST", "path": "/Users", "bulkId": "a", "data": { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bulk-a@example.com" } },
                { "method": "POST", "path": "/Users", "bulkId": "b", "data": { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bulk-b@example.com" } },
                { "method": "DELETE", "path": "/Users/missing" }
              ]
            }
            """);
        (await scim.PostAsync("/Bulk", bulk)).ShouldBe(HttpStatusCode.OK);

        var scrape = await ScrapeAsync();

        var ofTenant = $"scim_tenant=\"{tenant}\"";
        Sample(scrape, "scim_bulk_operations_total", ofTenant, "http_request_method=\"POST\"", "http_response_status_code=\"201\"").Should().Be(2);
        Sample(scrape, "scim_bulk_operations_total", ofTenant, "http_request_method=\"DELETE\"", "http_response_status_code=\"404\"").Should().Be(1);
        Sample(scrape, "scim_bulk_request_size_bytes_count", ofTenant).Should().Be(1);
        Sample(scrape, "scim_provisioning_outcomes_total", ofTenant, "scim_outcome=\"created\"").Should().Be(2);
    }

    [Fact]
    public async Task A_tenant_labelled_metric_keeps_a_series_per_tenant_past_the_sdk_default_of_2000()
    {
        // 2,500 tenants' creations, recorded as the store decorator records them (creating 2,500 tenants over HTTP
        // would only make the test slow): the SDK's default limit would fold 500 of them into one overflow series.
        var metrics = _factory.Services.GetRequiredService<Telemetry.ScimMetrics>();
        var prefix = $"card{Guid.NewGuid():N}"[..12];
        for (var i = 0; i < 2500; i++)
        {
            metrics.Provisioned($"{prefix}-{i}", "User", "created");
        }

        var scrape = await ScrapeAsync();

        scrape.Split('\n').Count(line => line.StartsWith("scim_provisioning_outcomes_total{", StringComparison.Ordinal) && line.Contains($"scim_tenant=\"{prefix}-", StringComparison.Ordinal))
            .Should().Be(2500);
        scrape.Should().NotContain("otel_metric_overflow");
    }

    [Fact]
    public async Task Metrics_without_a_token_answer_401_with_a_scim_error()
    {
        var response = await new AdminClient(_factory.CreateClient(), token: null).GetAsync("/metrics");

        response.ShouldBeError(HttpStatusCode.Unauthorized);
        response.RawBody.Should().NotContain("scim_server_requests");
    }

    [Fact]
    public async Task Metrics_with_a_tenant_token_answer_403()
    {
        var response = await new AdminClient(_factory.CreateClient(), ScimServerFactory.TenantToken).GetAsync("/metrics");

        response.ShouldBeError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_scrape_has_the_request_duration_but_no_per_request_series_of_routing_rate_limiting_or_the_memory_pool()
    {
        var scim = await _admin.CreateTenantWithTokenAsync(NewTenant());
        var created = await scim.CreateUserAsync("measured@example.com");
        (await scim.GetAsync($"/Users/{created.Id}")).ShouldBe(HttpStatusCode.OK);

        var scrape = await ScrapeAsync();

        scrape.Should().Contain("http_server_request_duration_seconds_bucket{", "ASP.NET Core's request duration is kept");
        foreach (var perRequest in new[] { "aspnetcore_routing_", "aspnetcore_rate_limiting_", "aspnetcore_memory_pool_", "http_server_active_requests" })
        {
            scrape.Should().NotContain(perRequest, "each of those was measurements on every request for nothing the server's own metrics lack");
        }
    }

    [Fact]
    public void No_request_starts_an_ASP_NET_Core_activity_and_log_scope_while_nothing_exports_traces()
    {
        // ASP.NET Core starts an Activity and a logging scope per request when its Hosting.Diagnostics category logs at
        // any level, even with no listener: costs of every request that no log line of ours uses (issue 12).
        var logger = _factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        logger.IsEnabled(LogLevel.Critical).Should().BeFalse();
    }

    [Fact]
    public async Task A_get_of_a_user_is_traced_with_a_store_span_tagged_with_tenant_and_resource_type()
    {
        var tenant = NewTenant();
        var scim = await _admin.CreateTenantWithTokenAsync(tenant);
        var created = await scim.CreateUserAsync("traced@example.com");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ScimServer.Store",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        (await scim.GetAsync($"/Users/{created.Id}")).ShouldBe(HttpStatusCode.OK);

        var ofTenant = spans.Where(span => (string?)span.GetTagItem("scim.tenant") == tenant).ToList();
        ofTenant.Should().Contain(span => span.DisplayName == "GetAsync" && (string?)span.GetTagItem("scim.resource_type") == "User");
        ofTenant.SelectMany(span => span.TagObjects).Select(tag => tag.Key).Distinct()
            .Should().BeSubsetOf(["scim.tenant", "scim.resource_type"], "a span carries no user data or secret");
    }
}

/// <summary>/metrics without a token for a configured network: each case runs its own server (outside the collection above).</summary>
public sealed class TelemetryNetworkTests
{
    [Theory]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]
    [InlineData("192.168.1.9", HttpStatusCode.Unauthorized)]
    public async Task Metrics_answer_without_a_token_only_to_clients_of_a_configured_network(string clientAddress, HttpStatusCode expected)
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Telemetry:Metrics:AllowedNetworks:0"] = "10.0.0.0/8";
        using var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new ClientAddress(IPAddress.Parse(clientAddress)))));

        using var response = await host.CreateClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(expected);
    }

    // The test server has no connection: give its requests the address a real client would have.
    private sealed class ClientAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = address;
                return following(http);
            });
            next(app);
        };
    }
}
