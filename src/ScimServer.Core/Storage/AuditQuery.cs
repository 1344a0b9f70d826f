namespace ScimServer.Core.Storage;

/// <summary>A page of one tenant's audit log, oldest first, optionally for one resource and a time window.</summary>
public sealed record AuditQuery
{
    public required string Tenant { get; init; }
    public string? ResourceId { get; init; }

    /// <summary>Entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Entries with a <see cref="AuditEntry.Sequence"/> greater than this (keyset paging).</summary>
    public long AfterSequence { get; init; }

    public required int Limit { get; init; }
}
