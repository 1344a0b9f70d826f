using ScimServer.Core.Events;

namespace ScimServer.Core.Storage;

/// <summary>
/// One change, as the append-only audit log keeps it. The store writes it in the same transaction as the change it
/// records (so no change goes unrecorded), filling <see cref="Version"/> with the version the write produced.
/// It outlives the resource: deleting a user keeps its history.
/// </summary>
public sealed record AuditEntry
{
    public required string Tenant { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>Who: the name of the token (or OAuth client) that made the change.</summary>
    public required string Actor { get; init; }

    /// <summary>create, replace, patch, delete (and the admin API's own operations).</summary>
    public required string Operation { get; init; }

    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }

    /// <summary>The resource's version after the change (null for a delete); set by the store.</summary>
    public long? Version { get; init; }

    public string? RequestId { get; init; }

    /// <summary>A short description for people (e.g. "members +2 −1"); never a secret or a password.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// For a change of a SCIM resource: what its provisioning events tell (RFC 9967). Written in the same transaction,
    /// so the log is the events' outbox: a change that committed has its events, one that rolled back has none.
    /// </summary>
    public ResourceChange? Change { get; init; }

    /// <summary>The position in the tenant's log, assigned by the store on append (paging key).</summary>
    public long Sequence { get; init; }
}
