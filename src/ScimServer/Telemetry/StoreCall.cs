using System.Diagnostics;

namespace ScimServer.Telemetry;

/// <summary>
/// One store call being measured: a span on <c>ScimServer.Store</c> (only when something listens, so an unobserved
/// call costs a timestamp) and, on dispose, a sample of <c>scim.store.duration</c>. A struct: no allocation per call.
/// </summary>
internal readonly struct StoreCall : IDisposable
{
    public const string ActivitySourceName = "ScimServer.Store";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly ScimMetrics _metrics;
    private readonly string _operation;
    private readonly string? _resourceType;
    private readonly long _started;
    private readonly Activity? _activity;

    private StoreCall(ScimMetrics metrics, string operation, string? tenant, string? resourceType)
    {
        _metrics = metrics;
        _operation = operation;
        _resourceType = resourceType;
        _started = Stopwatch.GetTimestamp();

        // Only the tenant and the resource type: a store call's arguments carry user data and token hashes.
        _activity = Source.StartActivity(operation, ActivityKind.Internal);
        if (_activity is not null)
        {
            if (tenant is not null)
            {
                _activity.SetTag(TagNames.Tenant, tenant);
            }

            if (resourceType is not null)
            {
                _activity.SetTag(TagNames.ResourceType, resourceType);
            }
        }
    }

    public static StoreCall Start(ScimMetrics metrics, string operation, string? tenant = null, string? resourceType = null) =>
        new(metrics, operation, tenant, resourceType);

    public void Dispose()
    {
        _activity?.Dispose();
        _metrics.StoreCall(_operation, _resourceType, Stopwatch.GetElapsedTime(_started));
    }
}
