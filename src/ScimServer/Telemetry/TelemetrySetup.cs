using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ScimServer.Core.Storage;

namespace ScimServer.Telemetry;

/// <summary>
/// OpenTelemetry: the store ports measured, metrics always (Prometheus text at <c>/metrics</c>), traces and OTLP export
/// only when a collector is configured — with nobody to send spans to, recording them would be cost for nothing.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string RequestDurationInstrument = "http.server.request.duration";

    // The standard variable of the OpenTelemetry SDKs (read from configuration, so also from the environment).
    private const string StandardOtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddScimTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        services.Configure<TelemetryOptions>(section);
        services.AddSingleton<ScimMetrics>();
        Decorate<IResourceStore>(services, (inner, sp) => new InstrumentedResourceStore(inner, sp.GetRequiredService<ScimMetrics>()));
        Decorate<ITenantStore>(services, (inner, sp) => new InstrumentedTenantStore(inner, sp.GetRequiredService<ScimMetrics>()));
        Decorate<IAuditLog>(services, (inner, sp) => new InstrumentedAuditLog(inner, sp.GetRequiredService<ScimMetrics>()));

        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlpEndpoint = options.Otlp.Endpoint;
        var exportsOtlp = !string.IsNullOrWhiteSpace(otlpEndpoint) || !string.IsNullOrWhiteSpace(builder.Configuration[StandardOtlpEndpoint]);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ScimServer"))
            .WithMetrics(metrics => metrics
                .AddMeter(ScimMetrics.MeterName)
                // The SDK keeps 2,000 series per metric and folds the rest into one overflow series: a tenant label
                // times routes, methods and statuses passes that at a hundred tenants or so.
                .AddView(instrument => instrument.Meter.Name == ScimMetrics.MeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = ScimMetrics.SeriesPerMetric }
                    : null)
                // ASP.NET Core's request duration, and Kestrel's and the exception handler's meters (per connection,
                // per failure). Not AddAspNetCoreInstrumentation: it adds every ASP.NET Core meter, and those of
                // routing, rate limiting, the memory pool and the active-request gauge recorded a dozen measurements
                // per request between them (the rate limiter's only says that the failure gate let a request through).
                // With the Activity and log scope ASP.NET Core started per request (appsettings.json now turns its
                // Hosting.Diagnostics category off), they were 11-14 % of a GET's or an eq filter's CPU (issue 12).
                .AddMeter(AspNetCoreHostingMeter, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
                .AddView(instrument => instrument.Meter.Name == AspNetCoreHostingMeter && instrument.Name != RequestDurationInstrument
                    ? MetricStreamConfiguration.Drop
                    : null)
                // No cached scrape (the exporter's default keeps one for 300 ms): a scrape shows every request made
                // before it; Prometheus scrapes every 15 s or so, so the cache saves nothing worth a stale answer.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!exportsOtlp)
        {
            return;
        }

        telemetry.WithTracing(tracing => tracing
            .AddSource(StoreCall.ActivitySourceName)
            .AddAspNetCoreInstrumentation(aspNetCore =>
            {
                // Probes and scrapes every few seconds would drown the requests worth tracing.
                aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(MetricsPath);
            }));
        if (string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            telemetry.UseOtlpExporter();
        }
        else
        {
            var protocol = options.Otlp.Protocol.Equals("http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf
                : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(otlpEndpoint));
        }
    }

    /// <summary>The request line and counter first (so every answer is counted), then <c>/metrics</c> behind its guard.</summary>
    public static void UseRequestTelemetry(this WebApplication app) => app.UseMiddleware<RequestTelemetryMiddleware>();

    public static void UseMetricsEndpoint(this WebApplication app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: http => http.Request.Path == MetricsPath,
            path: null,
            configureBranchedPipeline: branch => branch.UseMiddleware<MetricsAccessMiddleware>(),
            optionsName: null);

    // Wraps the port's registration, whatever store registered it: the stores stay unaware of telemetry.
    private static void Decorate<TPort>(IServiceCollection services, Func<TPort, IServiceProvider, TPort> decorate)
        where TPort : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TPort))
            ?? throw new InvalidOperationException($"No {typeof(TPort).Name} is registered to measure.");
        var factory = registered.ImplementationFactory
            ?? throw new InvalidOperationException($"{typeof(TPort).Name} is expected to be registered by a factory.");
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(TPort), sp => decorate((TPort)factory(sp), sp), registered.Lifetime));
    }
}
