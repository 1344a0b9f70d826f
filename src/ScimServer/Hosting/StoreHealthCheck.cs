using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScimServer.Core.Storage;

namespace ScimServer.Hosting;

/// <summary>
/// Ready when the store answers a point read (SQLite file or MongoDB replica set reachable) within
/// <see cref="AnswerLimit"/>: a replica set without a primary would otherwise hold the probe for the driver's whole
/// server-selection timeout, and an orchestrator's probe gives up long before that and learns nothing.
/// </summary>
internal sealed class StoreHealthCheck(ITenantStore tenants) : IHealthCheck
{
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(AnswerLimit);
        try
        {
            // WaitAsync: the answer comes on time even from a store that does not honour cancellation.
            await tenants.GetTenantAsync("health-probe", limit.Token).WaitAsync(limit.Token);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer within {AnswerLimit.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception stays in the server's log; the probe's answer names no internals.
            return HealthCheckResult.Unhealthy("The store does not answer.", e);
        }
    }
}
