using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

// Placeholder until the membership edges land (issue 4): every call fails loudly.
public sealed partial class SqliteScimStore
{
    public Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Membership edges are not implemented yet.");

    public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Membership edges are not implemented yet.");

    public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Membership edges are not implemented yet.");

    public Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Membership edges are not implemented yet.");
}
