using ScimServer.Core.Events;

namespace ScimServer.Core.Storage;

/// <summary>
/// A tenant's event stream (RFC 9967 over RFC 8935 push or RFC 8936 poll) and where its delivery stands:
/// <see cref="Cursor"/> is the audit sequence up to which every event was delivered (push: the receiver answered 202)
/// or acknowledged (poll). Events come from the tenant's audit log after the cursor, in order.
/// </summary>
public sealed record EventStream
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required EventDelivery Delivery { get; init; }

    /// <summary>Push only: the receiver's URL.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Push only: the Authorization header value sent with each SET (a secret: never shown back).</summary>
    public string? Authorization { get; init; }

    /// <summary>Event URIs the stream wants; empty means every event.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    public EventFormat Format { get; init; } = EventFormat.Notice;
    public bool Paused { get; init; }
    public required DateTimeOffset Created { get; init; }

    public long Cursor { get; init; }

    /// <summary>When the last event was delivered (push) or acknowledged (poll).</summary>
    public DateTimeOffset? LastDelivered { get; init; }

    /// <summary>Failed push attempts since the last success.</summary>
    public int Failures { get; init; }

    /// <summary>When the current run of failures began (null while delivery succeeds).</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public string? LastError { get; init; }
}
