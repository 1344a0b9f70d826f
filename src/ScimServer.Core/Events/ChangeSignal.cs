using System.Collections.Concurrent;

namespace ScimServer.Core.Events;

/// <summary>
/// Tells waiting long polls (RFC 8936 §2.4) and idle push deliveries (RFC 8935) in this process that a tenant's change
/// committed, so they answer or push at once instead of on their next periodic check. In process only: a change made by another instance on the same store is
/// seen by that check. A wake without a new event (a write the stream filters out) only costs one more read.
/// </summary>
public sealed class ChangeSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    /// <summary>
    /// Completes at the tenant's next <see cref="Notify"/>. Take it before reading the log: a change that commits
    /// between the read and the wait then still wakes the waiter.
    /// </summary>
    public Task NextAsync(string tenant) =>
        _next.GetOrAdd(tenant, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Called after a change of <paramref name="tenant"/> (and its audit entry) committed.</summary>
    public void Notify(string tenant)
    {
        if (_next.TryRemove(tenant, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
