namespace ScimServer.Core.Storage;

/// <summary>
/// The store port for event streams and their delivery state. The events themselves are the audit log
/// (<see cref="IAuditLog"/>); a stream keeps only its cursor into it, the poll acknowledgements above the cursor,
/// and a lease that lets one server instance at a time push it.
/// </summary>
public interface IEventStreamStore
{
    /// <summary>Creates the stream with its cursor at the tenant's newest audit entry: it tells changes from now on.</summary>
    Task<EventStream> CreateStreamAsync(EventStream stream, CancellationToken cancellationToken = default);

    Task<EventStream?> GetStreamAsync(string tenant, string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EventStream>> ListStreamsAsync(string? tenant, CancellationToken cancellationToken = default);

    Task<StoreOutcome> SetPausedAsync(string tenant, string id, bool paused, CancellationToken cancellationToken = default);

    Task<StoreOutcome> DeleteStreamAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the cursor forward to <paramref name="sequence"/> (never back) and clears the failures; acknowledgements
    /// at or below it are dropped.
    /// </summary>
    Task AdvanceCursorAsync(string id, long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task RecordFailureAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken = default);

    /// <summary>Poll: records acknowledged sequences above the cursor (RFC 8936 §2.4 <c>ack</c>).</summary>
    Task AddAcknowledgementsAsync(string id, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default);

    Task<IReadOnlySet<long>> GetAcknowledgementsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the stream's delivery lease for <paramref name="owner"/> until <paramref name="until"/>; false
    /// while another owner holds an unexpired one. Several instances on one store push each stream from one of them.
    /// </summary>
    Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);
}
