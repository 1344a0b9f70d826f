using ScimServer.Core.Storage;

namespace ScimServer.Telemetry;

/// <summary>The audit log port with a span and a latency sample per call.</summary>
internal sealed class InstrumentedAuditLog(IAuditLog inner, ScimMetrics metrics) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(AppendAsync), entry.Tenant, entry.ResourceType);
        await inner.AppendAsync(entry, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(QueryAsync), query.Tenant);
        return await inner.QueryAsync(query, cancellationToken);
    }
}
