using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ScimServer.Telemetry;

/// <summary>
/// The server's own instruments, on the Meter <c>ScimServer</c>. Every tag value comes from a bounded set (route
/// patterns, methods, statuses, tenant ids, resource types), never from a raw path or a request value, so that the
/// number of series stays the number of endpoints × tenants, not the number of users.
/// </summary>
internal sealed class ScimMetrics
{
    public const string MeterName = "ScimServer";

    /// <summary>
    /// Series kept per metric before the SDK folds new ones into its overflow series: about 1,300 tenants' requests
    /// (routes × methods × statuses each). The SDK allocates the points up front (about 2 MB for all metrics at this
    /// size, 9 MB at 100,000).
    /// </summary>
    public const int SeriesPerMetric = 20_000;

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _bulkOperations;
    private readonly Histogram<long> _bulkRequestSize;
    private readonly Counter<long> _provisioning;

    public ScimMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("scim.server.requests", "{request}",
            "HTTP requests answered, by route pattern, method, status and tenant.");
        _storeDuration = meter.CreateHistogram<double>("scim.store.duration", "s",
            "Duration of store calls, by store port method and resource type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _bulkOperations = meter.CreateCounter<long>("scim.bulk.operations", "{operation}",
            "Operations of Bulk requests (RFC 7644 §3.7), by tenant, operation method and the operation's status.");
        _bulkRequestSize = meter.CreateHistogram<long>("scim.bulk.request.size", "By",
            "Body sizes of Bulk requests, by tenant.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1024, 4096, 16384, 65536, 262144, 1048576, 4194304] });
        _provisioning = meter.CreateCounter<long>("scim.provisioning.outcomes", "{resource}",
            "Successful writes, by tenant, resource type and outcome: created, updated, deactivated (a user's active going from true to false), deleted.");
    }

    public void Request(string route, string method, int status, string tenant)
    {
        if (!_requests.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { TagNames.Route, route },
            { TagNames.Method, method },
            { TagNames.Status, BoxedStatus.Of(status) },
            { TagNames.Tenant, tenant },
        };
        _requests.Add(1, tags);
    }

    public void StoreCall(string operation, string? resourceType, TimeSpan elapsed)
    {
        if (_storeDuration.Enabled)
        {
            _storeDuration.Record(elapsed.TotalSeconds,
                new KeyValuePair<string, object?>(TagNames.StoreOperation, operation),
                new KeyValuePair<string, object?>(TagNames.ResourceType, resourceType ?? ""));
        }
    }

    public void BulkRequest(string tenant, long bytes) =>
        _bulkRequestSize.Record(bytes, new KeyValuePair<string, object?>(TagNames.Tenant, tenant));

    public void BulkOperation(string tenant, string method, int status) =>
        _bulkOperations.Add(1,
            new KeyValuePair<string, object?>(TagNames.Tenant, tenant),
            new KeyValuePair<string, object?>(TagNames.Method, method),
            new KeyValuePair<string, object?>(TagNames.Status, BoxedStatus.Of(status)));

    public void Provisioned(string tenant, string resourceType, string outcome) =>
        _provisioning.Add(1,
            new KeyValuePair<string, object?>(TagNames.Tenant, tenant),
            new KeyValuePair<string, object?>(TagNames.ResourceType, resourceType),
            new KeyValuePair<string, object?>(TagNames.Outcome, outcome));
}
