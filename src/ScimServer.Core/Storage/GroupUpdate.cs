namespace ScimServer.Core.Storage;

/// <summary>
/// A change to a group, applied atomically by <see cref="IResourceStore.UpdateGroupAsync"/>: an optional new document
/// and a membership change. The store gives the group its next version in the same transaction.
/// </summary>
public sealed record GroupUpdate
{
    public required string Tenant { get; init; }
    public required string GroupId { get; init; }

    /// <summary>
    /// When set, the update applies only if the stored version is this one (If-Match, or a document change computed
    /// from that version). When null — a membership-only change — concurrent updates all land, one after the other.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>The new stored document of the group, or null to keep it (a membership-only change).</summary>
    public StoredResource? Replacement { get; init; }

    public MembershipChange Members { get; init; } = MembershipChange.None;

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Appended to the audit log in the same transaction when the update succeeds.</summary>
    public AuditEntry? Audit { get; init; }
}
