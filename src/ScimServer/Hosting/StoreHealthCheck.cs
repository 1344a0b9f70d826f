using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScimServer.Core.Storage;

namespace ScimServer.Hosting;

/// <summary>Ready when the store answers a point read (SQLite file or MongoDB replica set reachable).</summary>
internal sealed class StoreHealthCheck(ITenantStore tenants) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await tenants.GetTenantAsync("health-probe", cancellationToken);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception stays in the server's log; the probe's answer names no internals.
            return HealthCheckResult.Unhealthy("The store does not answer.", e);
        }
    }
}
