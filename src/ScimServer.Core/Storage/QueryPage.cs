namespace ScimServer.Core.Storage;

/// <summary>One page of a query; <see cref="Next"/> is where the following page starts, null on the last page.</summary>
public sealed record QueryPage(IReadOnlyList<StoredResource> Resources, long? TotalResults, KeysetPosition? Next)
{
    /// <summary>
    /// With <see cref="ResourceQuery.WithMembership"/> on groups: their members, read in the page's snapshot
    /// (as <see cref="IResourceStore.ListMembersAsync"/> gives them); null when the store did not read them.
    /// </summary>
    public IReadOnlyList<GroupMember>? Members { get; init; }

    /// <summary>
    /// With <see cref="ResourceQuery.WithMembership"/> on users: their groups, read in the page's snapshot
    /// (as <see cref="IResourceStore.ListGroupsOfAsync"/> gives them); null when the store did not read them.
    /// </summary>
    public IReadOnlyList<GroupMembership>? Groups { get; init; }
}
