using ScimServer.Core.Storage;

namespace ScimServer.Tests.Infrastructure;

/// <summary>
/// The real store with its calls counted: proves through the public surface what the server does not do
/// (load members it was told to exclude, write a Bulk request item by item).
/// </summary>
public sealed class CountingStore(IResourceStore inner) : IResourceStore
{
    private int _membershipReads;
    private int _batchedWrites;
    private int _singleCreates;
    private long _resourcesRead;

    public int MembershipReads { get => _membershipReads; set => _membershipReads = value; }

    public int BatchedWrites => _batchedWrites;

    public int SingleCreates => _singleCreates;

    /// <summary>How many resources the list queries returned (what a page read from the store).</summary>
    public long ResourcesRead { get => Interlocked.Read(ref _resourcesRead); set => Interlocked.Exchange(ref _resourcesRead, value); }

    public async Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default)
    {
        var page = await inner.QueryAsync(query, cancellationToken);
        Interlocked.Add(ref _resourcesRead, page.Resources.Count);
        return page;
    }

    public Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _batchedWrites);
        return inner.CreateManyAsync(items, cancellationToken);
    }

    public Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _singleCreates);
        return inner.CreateAsync(resource, members, audit, cancellationToken);
    }

    public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _membershipReads);
        return inner.ListMembersAsync(tenant, groupIds, cancellationToken);
    }

    public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _membershipReads);
        return inner.ListGroupsOfAsync(tenant, memberIds, cancellationToken);
    }

    public Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default) => inner.GetAsync(tenant, resourceType, id, cancellationToken);
    public Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => inner.ReplaceAsync(resource, expectedVersion, audit, cancellationToken);
    public Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(tenant, resourceType, id, expectedVersion, audit, cancellationToken);
    public Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default) => inner.UpdateGroupAsync(update, cancellationToken);
    public Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default) => inner.FindMissingMembersAsync(tenant, members, cancellationToken);
}
