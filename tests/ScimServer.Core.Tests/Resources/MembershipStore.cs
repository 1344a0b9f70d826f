using ScimServer.Core.Storage;

namespace ScimServer.Core.Tests.Resources;

/// <summary>A store that knows only membership: the edges the renderers read, and how often they asked.</summary>
internal sealed class MembershipStore(IReadOnlyList<GroupMember> members, IReadOnlyList<GroupMembership> groups) : IResourceStore
{
    public int Reads { get; private set; }

    public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<GroupMember>>(members.Where(m => groupIds.Contains(m.GroupId)).ToList());
    }

    public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<GroupMembership>>(groups.Where(g => memberIds.Contains(g.MemberId)).ToList());
    }

    public Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
