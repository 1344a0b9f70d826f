namespace ScimServer.Core.Storage;

/// <summary>
/// The store port for SCIM resources. Every call is scoped by tenant: a resource of another tenant does not
/// exist for the caller. Writes are atomic: an outcome other than <see cref="StoreOutcome.Ok"/> changed nothing.
/// A write given an <see cref="AuditEntry"/> appends it to the audit log in the same transaction, with the version
/// the write produced, only when the write succeeds.
/// </summary>
public interface IResourceStore
{
    Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="StoreOutcome.Conflict"/> when <see cref="StoredResource.UniqueKey"/> is taken in the tenant;
    /// for a group, <paramref name="members"/> are added in the same transaction
    /// (<see cref="StoreOutcome.MemberNotFound"/> if one is not a user or group of the tenant).
    /// </summary>
    Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates many resources (no group members) in as few store round trips as the store can: a Bulk request of a
    /// thousand users is one transaction, not a thousand. Each item has its own outcome (a taken userName is
    /// <see cref="StoreOutcome.Conflict"/> for that item only); each successful item appends its audit entry.
    /// This default creates them one by one; stores override it with a batched write.
    /// </summary>
    async Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<StoreOutcome>(items.Count);
        foreach (var (resource, audit) in items)
        {
            outcomes.Add(await CreateAsync(resource, members: null, audit, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>Replaces the resource if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the resource (if <paramref name="expectedVersion"/> is given, only at that version).</summary>
    Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a <see cref="GroupUpdate"/> in one transaction: checks the expected version, checks that every added
    /// member exists in the tenant (and is not the group itself), writes the new document if any, applies the
    /// membership change edge by edge, and gives the group the next version. The cost of adding or removing one member
    /// does not depend on how many members the group has.
    /// </summary>
    Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The members of these groups (one query for a whole page of groups), with a display name.</summary>
    Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The groups that are direct members of this group (its nested groups), with their displayName, ordered by it
    /// (ordinal) then by id. This default reads every member and keeps the groups; stores override it to read only the
    /// group edges.
    /// </summary>
    async Task<IReadOnlyList<GroupMember>> ListMemberGroupsAsync(string tenant, string groupId, CancellationToken cancellationToken = default) =>
        (await ListMembersAsync(tenant, [groupId], cancellationToken))
            .Where(m => m.MemberType == Resources.ScimResourceTypes.Group)
            .OrderBy(m => m.Display, StringComparer.Ordinal)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The groups these users or groups belong to, directly and through nested groups (one query for a page).
    /// A group reached both directly and indirectly is reported once, as direct.
    /// </summary>
    Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default);

    /// <summary>Which of these member ids are not users or groups of the tenant (for the error of a failed write).</summary>
    Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default);
}
