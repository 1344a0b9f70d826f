using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Group membership as one row per edge in <c>members</c> (DESIGN.md): adding or removing a member is one point
/// write on the primary key (tenant, group_id, member_id), whatever the size of the group.
/// </summary>
public sealed partial class SqliteScimStore
{
    /// <summary>Adds one edge; adding an existing member is not an error (RFC 7644 §3.5.2.1 add is idempotent).</summary>
    internal const string AddEdgeSql =
        "INSERT OR IGNORE INTO members (tenant, group_id, member_id, member_type) VALUES (@tenant, @group_id, @member_id, @member_type)";

    /// <summary>Removes one edge; removing a non-member changes nothing.</summary>
    internal const string RemoveEdgeSql =
        "DELETE FROM members WHERE tenant = @tenant AND group_id = @group_id AND member_id = @member_id RETURNING member_type";

    private const string RemoveAllEdgesSql = "DELETE FROM members WHERE tenant = @tenant AND group_id = @group_id";

    // The names a member is displayed by (RFC 7643 §4.2 members.display): a group's or user's displayName, else the
    // user's userName. Both are core attributes at the top of the stored document.
    private const string DisplayNamePath = "'$.\"displayName\"'";
    private const string UserNamePath = "'$.\"userName\"'";

    public async Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Replacement is { } replacement
            && (replacement.Tenant != update.Tenant || replacement.Id != update.GroupId || replacement.ResourceType != ResourceTypes.Group))
        {
            throw new ArgumentException("The replacement document must be the updated group's.", nameof(update));
        }

        CheckAuditTenant(update.Audit, update.Tenant);

        // Adding or removing users leaves the tenant's group graph as it is; a new name or a group-to-group edge does not.
        var graphChanged = update.Replacement is not null || update.Members.ReplaceAll;
        var result = await writes.WriteAsync([update.Tenant], async (writer, cancellation) =>
        {
            var connection = writer.Connection;
            var transaction = writer.Transaction;
            await using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT version FROM groups WHERE tenant = @tenant AND id = @id";
                read.Parameters.AddWithValue("@tenant", update.Tenant);
                read.Parameters.AddWithValue("@id", update.GroupId);
                var stored = await read.ExecuteScalarAsync(cancellation);
                if (stored is null)
                {
                    return Discard(GroupUpdateResult.Failed(StoreOutcome.NotFound));
                }

                if (update.ExpectedVersion is { } expected && Convert.ToInt64(stored, CultureInfo.InvariantCulture) != expected)
                {
                    return Discard(GroupUpdateResult.Failed(StoreOutcome.PreconditionFailed));
                }
            }

            var members = update.Members;
            var resolved = await ResolveMembersAsync(connection, transaction, update.Tenant, update.GroupId, members.Add, cancellation);
            if (resolved.Missing.Count > 0)
            {
                return Discard(new GroupUpdateResult(StoreOutcome.MemberNotFound, 0, resolved.Missing));
            }

            long version;
            await using (var write = connection.CreateCommand())
            {
                write.Transaction = transaction;

                // version + 1 in SQL rather than a value computed by the caller: membership-only updates made without
                // an expected version then all land, one after the other, and none overwrites another's version.
                write.CommandText = update.Replacement is null
                    ? """
                      UPDATE groups SET version = version + 1, last_modified = @last_modified
                      WHERE tenant = @tenant AND id = @id RETURNING version
                      """
                    : """
                      UPDATE groups
                      SET version = version + 1, last_modified = @last_modified, unique_key = @unique_key,
                          external_id = @external_id, password_hash = @password_hash, doc = @doc
                      WHERE tenant = @tenant AND id = @id RETURNING version
                      """;
                var lastModified = ScimDateTime.ToText(update.LastModified);
                if (update.Replacement is { } document)
                {
                    AddResourceParameters(write, document);
                    write.Parameters["@last_modified"].Value = lastModified;
                }
                else
                {
                    write.Parameters.AddWithValue("@tenant", update.Tenant);
                    write.Parameters.AddWithValue("@id", update.GroupId);
                    write.Parameters.AddWithValue("@last_modified", lastModified);
                }

                try
                {
                    version = Convert.ToInt64(await write.ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture);
                }
                catch (SqliteException exception) when (IsUniqueViolation(exception))
                {
                    return Discard(GroupUpdateResult.Failed(StoreOutcome.Conflict));
                }
            }

            if (update.Replacement is { } replaced)
            {
                await WriteSearchKeysAsync(writer, replaced, replacing: true, cancellation);
            }

            if (members.ReplaceAll)
            {
                await using var clear = connection.CreateCommand();
                clear.Transaction = transaction;
                clear.CommandText = RemoveAllEdgesSql;
                clear.Parameters.AddWithValue("@tenant", update.Tenant);
                clear.Parameters.AddWithValue("@group_id", update.GroupId);
                await clear.ExecuteNonQueryAsync(cancellation);
            }
            else if (members.Remove.Count > 0)
            {
                await using var remove = EdgeCommand(connection, transaction, RemoveEdgeSql, update.Tenant, update.GroupId);
                foreach (var memberId in members.Remove)
                {
                    remove.Parameters["@member_id"].Value = memberId;
                    graphChanged |= await remove.ExecuteScalarAsync(cancellation) is string removed && removed != ResourceTypes.User;
                }
            }

            graphChanged |= resolved.Edges.Any(edge => edge.MemberType != ResourceTypes.User);
            await AddEdgesAsync(connection, transaction, update.Tenant, update.GroupId, resolved.Edges, cancellation);
            await AppendWithWriteAsync(writer, update.Audit, version, cancellation);

            // Members and attributes changed, no resource came or went: every listing's id order is as it was.
            writer.KeptOrder = true;
            return Keep(new GroupUpdateResult(StoreOutcome.Ok, version, []));
        }, cancellationToken);

        if (graphChanged)
        {
            groupGraphs.Invalidate(update.Tenant);
        }

        return result;
    }

    // The ids travel as one JSON array: any number of groups, one parameter, one statement, one seek per group on the
    // primary key, and one per member for its display name.
    internal const string MembersOfSql = $"""
        SELECT m.group_id, m.member_id, m.member_type,
               CASE m.member_type
                 WHEN '{ResourceTypes.User}' THEN COALESCE(NULLIF(json_extract(u.doc, {DisplayNamePath}), ''), json_extract(u.doc, {UserNamePath}))
                 ELSE json_extract(g.doc, {DisplayNamePath})
               END
        FROM members AS m
        LEFT JOIN users AS u ON m.member_type = '{ResourceTypes.User}' AND u.tenant = m.tenant AND u.id = m.member_id
        LEFT JOIN groups AS g ON m.member_type = '{ResourceTypes.Group}' AND g.tenant = m.tenant AND g.id = m.member_id
        WHERE m.tenant = @tenant AND m.group_id IN (SELECT value FROM json_each(@group_ids))
        ORDER BY m.group_id, m.member_id
        """;

    public async Task<IReadOnlyList<GroupMember>> ListMembersAsync(
        string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        if (groupIds.Count == 0)
        {
            return [];
        }

        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command(MembersOfSql);
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@group_ids", JsonArray(groupIds));

        var members = new List<GroupMember>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new GroupMember(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return members;
    }

    // The group's edges by primary key (tenant, group_id), keeping those to groups: a group of 20,000 users and three
    // groups reads its 20,003 index entries and three group documents, never a user's.
    internal const string MemberGroupsOfSql = $"""
        SELECT m.member_id, json_extract(g.doc, {DisplayNamePath})
        FROM members AS m
        JOIN groups AS g ON g.tenant = m.tenant AND g.id = m.member_id
        WHERE m.tenant = @tenant AND m.group_id = @group_id AND m.member_type = '{ResourceTypes.Group}'
        ORDER BY json_extract(g.doc, {DisplayNamePath}), m.member_id
        """;

    public async Task<IReadOnlyList<GroupMember>> ListMemberGroupsAsync(string tenant, string groupId, CancellationToken cancellationToken = default)
    {
        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command(MemberGroupsOfSql);
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@group_id", groupId);

        var groups = new List<GroupMember>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new GroupMember(groupId, reader.GetString(0), ResourceTypes.Group, reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return groups;
    }

    // Walks member -> group -> parent group over ix_members_member. UNION (not UNION ALL) drops a row already
    // reached, and the rows are finite (member, group, direct 0/1), so a cycle of groups ends the walk.
    // MAX(direct) reports a group reached both directly and through a nested group once, as direct. A group that
    // reaches itself through a cycle is not reported as one of its own groups.
    // INDEXED BY in both steps: without it SQLite may plan the recursive step as a walk of the tenant's edges by
    // primary key (1.3 s for a page of users in a 20,000-member group); with it each step is one seek per member.
    // CROSS JOIN fixes the join order (SQLite's documented way), in the recursive step and at the end: INDEXED BY
    // alone still let SQLite 3.53 walk every edge of the tenant on the index's tenant prefix with the reached rows as
    // the inner loop (4 s for a user in a 20,000-member group at 100,000 users); each reached group is looked up by
    // member_id, and the groups reached by primary key, rather than every group of the tenant scanned.
    // The parents of a reached group come from a correlated subquery unpacked by json_each, not from a join with
    // members: SQLite runs the recursive step once per queued row, and as a join it put a Bloom filter on the edges,
    // built by reading every edge of the tenant on each run (29 ms for a page of 100 users at 100,000 users, 2 ms
    // without). A virtual table gets no Bloom filter; the subquery is one seek on ix_members_member.
    internal const string GroupsOfSql = $"""
        WITH RECURSIVE reach(member_id, group_id, direct) AS (
          SELECT member_id, group_id, 1 FROM members INDEXED BY ix_members_member
          WHERE tenant = @tenant AND member_id IN (SELECT value FROM json_each(@member_ids))
          UNION
          SELECT reach.member_id, parent.value, 0
          FROM reach CROSS JOIN json_each((
            SELECT json_group_array(group_id) FROM members INDEXED BY ix_members_member
            WHERE tenant = @tenant AND member_id = reach.group_id AND member_type = '{ResourceTypes.Group}')) AS parent
        )
        SELECT reach.member_id, reach.group_id, json_extract(g.doc, {DisplayNamePath}), MAX(reach.direct)
        FROM reach CROSS JOIN groups AS g ON g.tenant = @tenant AND g.id = reach.group_id
        WHERE reach.group_id <> reach.member_id
        GROUP BY reach.member_id, reach.group_id
        ORDER BY reach.member_id, reach.group_id
        """;

    /// <summary>
    /// The groups the given members belong to directly: one seek each on ix_members_member (covering). Each row names
    /// its member by its place in <c>@member_ids</c>, so that reading a page's edges makes no string of a member id.
    /// </summary>
    internal const string DirectGroupsOfSql = """
        SELECT ids.key, members.group_id FROM json_each(@member_ids) AS ids
        CROSS JOIN members INDEXED BY ix_members_member ON members.tenant = @tenant AND members.member_id = ids.value
        """;

    /// <summary>
    /// The groups one member belongs to directly (a GET, an <c>eq</c> filter's one match): the same seek without
    /// <c>json_each</c>, whose table and IN-list cost twice the seek itself when there is one id.
    /// </summary>
    internal const string DirectGroupsOfOneSql = """
        SELECT 0, group_id FROM members INDEXED BY ix_members_member
        WHERE tenant = @tenant AND member_id = @member_id
        """;

    /// <summary>
    /// A tenant's groups with their displayName and the groups each is a direct member of (one seek per group), at most
    /// <see cref="GroupGraphCache.MaxGroupsPerTenant"/> + 1 of them. The tenant's range of the primary key, never a scan
    /// of every tenant's groups (SQLite chose one where one tenant held most groups).
    /// </summary>
    internal const string GroupGraphSql = $"""
        SELECT g.id, json_extract(g.doc, {DisplayNamePath}), (
          SELECT json_group_array(m.group_id) FROM members AS m INDEXED BY ix_members_member
          WHERE m.tenant = @tenant AND m.member_id = g.id AND m.member_type = '{ResourceTypes.Group}')
        FROM groups AS g INDEXED BY sqlite_autoindex_groups_1
        WHERE g.tenant = @tenant
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(
        string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        if (memberIds.Count == 0)
        {
            return [];
        }

        using (var lease = await statements.RentAsync(cancellationToken))
        {
            if (await GroupsFromGraphAsync(lease, tenant, memberIds, cancellationToken) is { } groups)
            {
                return groups;
            }
        }

        return await WalkGroupsOfAsync(tenant, memberIds, cancellationToken);
    }

    /// <summary>
    /// The groups of <paramref name="memberIds"/> from their direct edges, read with the lease's connection (in its
    /// snapshot, if it holds one), walked upwards in the tenant's group graph; null when the tenant has no graph in
    /// memory or a walk could not finish there (then <see cref="WalkGroupsOfAsync"/> walks in SQL).
    /// </summary>
    private async Task<List<GroupMembership>?> GroupsFromGraphAsync(
        SqliteStatementCache.Lease lease, string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        if (await groupGraphs.GetAsync(tenant, LoadGroupGraphAsync) is not { } graph)
        {
            return null;
        }

        var direct = await ListDirectGroupsAsync(lease, tenant, memberIds, cancellationToken);
        var edges = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(direct);
        var groups = new List<GroupMembership>(direct.Count);
        var scratch = new GroupGraph.Scratch();
        for (var start = 0; start < edges.Length;)
        {
            var end = start + 1;
            while (end < edges.Length && edges[end].MemberId == edges[start].MemberId)
            {
                end++;
            }

            if (!graph.TryWalk(edges[start..end], groups, scratch))
            {
                return null;
            }

            start = end;
        }

        return groups;
    }

    /// <summary>The direct edges of <paramref name="memberIds"/>, ordered by member id, then group id.</summary>
    /// <remarks>A flat list, not a list per member: the per-member lists and their dictionary were garbage of every page.</remarks>
    private static async Task<List<(string MemberId, string GroupId)>> ListDirectGroupsAsync(
        SqliteStatementCache.Lease lease, string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        SqliteCommand command;
        if (memberIds.Count == 1)
        {
            command = lease.Command(DirectGroupsOfOneSql);
            command.Parameters.AddWithValue("@member_id", memberIds[0]);
        }
        else
        {
            command = lease.Command(DirectGroupsOfSql);
            command.Parameters.AddWithValue("@member_ids", JsonArray(memberIds));
        }

        command.Parameters.AddWithValue("@tenant", tenant);
        var direct = new List<(string MemberId, string GroupId)>(memberIds.Count * 2);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                direct.Add((memberIds[reader.GetInt32(0)], reader.GetString(1)));
            }
        }

        direct.Sort(EdgeOrder);
        return direct;
    }

    private static readonly Comparison<(string MemberId, string GroupId)> EdgeOrder = static (x, y) =>
        string.CompareOrdinal(x.MemberId, y.MemberId) is var byMember and not 0 ? byMember : string.CompareOrdinal(x.GroupId, y.GroupId);

    // Shared by every request that waits for it: not cancelled with any one of them.
    private async Task<GroupGraph?> LoadGroupGraphAsync(string tenant)
    {
        Interlocked.Increment(ref groupGraphsRead);
        using var lease = await statements.RentAsync(CancellationToken.None);
        var command = lease.Command(GroupGraphSql);
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@limit", GroupGraphCache.MaxGroupsPerTenant + 1);
        var nodes = new Dictionary<string, GroupGraph.Node>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            if (nodes.Count == GroupGraphCache.MaxGroupsPerTenant)
            {
                return null;
            }

            nodes[reader.GetString(0)] = new GroupGraph.Node(
                reader.IsDBNull(1) ? null : reader.GetString(1),
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? []);
        }

        return new GroupGraph(nodes);
    }

    /// <summary>The walk in SQL, for a tenant with too many groups to keep in memory.</summary>
    private async Task<IReadOnlyList<GroupMembership>> WalkGroupsOfAsync(
        string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref groupWalksInSql);
        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command(GroupsOfSql);
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@member_ids", JsonArray(memberIds));

        var groups = new List<GroupMembership>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new GroupMembership(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3) == 1));
        }

        return groups;
    }

    public async Task<IReadOnlyList<string>> FindMissingMembersAsync(
        string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var resolved = await ResolveMembersAsync(connection, transaction, tenant, groupId: null, members, cancellationToken);
        return resolved.Missing;
    }

    /// <summary>Inside a create's transaction: checks and adds the members of a new group.</summary>
    private static async Task<StoreOutcome> AddInitialMembersAsync(
        SqliteConnection connection, SqliteTransaction transaction, StoredResource group, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken)
    {
        if (group.ResourceType != ResourceTypes.Group)
        {
            throw new ArgumentException($"Only a group has members, not a {group.ResourceType}.", nameof(group));
        }

        var resolved = await ResolveMembersAsync(connection, transaction, group.Tenant, group.Id, members, cancellationToken);
        if (resolved.Missing.Count > 0)
        {
            return StoreOutcome.MemberNotFound;
        }

        await AddEdgesAsync(connection, transaction, group.Tenant, group.Id, resolved.Edges, cancellationToken);
        return StoreOutcome.Ok;
    }

    /// <summary>
    /// Finds every member in one query (users and groups of the tenant, by primary key). A given type must be where
    /// the id is found; a missing type is filled from where it is found (a user first, should a user and a group
    /// share an id). A group is never its own member.
    /// </summary>
    private static async Task<ResolvedMembers> ResolveMembersAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string tenant,
        string? groupId,
        IReadOnlyList<MemberEdge> members,
        CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return new ResolvedMembers([], []);
        }

        var found = new HashSet<(string Id, string Type)>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                SELECT id, '{ResourceTypes.User}' FROM users WHERE tenant = @tenant AND id IN (SELECT value FROM json_each(@ids))
                UNION ALL
                SELECT id, '{ResourceTypes.Group}' FROM groups WHERE tenant = @tenant AND id IN (SELECT value FROM json_each(@ids))
                """;
            command.Parameters.AddWithValue("@tenant", tenant);
            command.Parameters.AddWithValue("@ids", JsonArray([.. members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal)]));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (groupId is not null)
        {
            found.Remove((groupId, ResourceTypes.Group));
        }

        var edges = new List<MemberEdge>(members.Count);
        var missing = new List<string>();
        var seenMissing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var type = member.MemberType is { } given
                ? CanonicalType(given) is { } canonical && found.Contains((member.MemberId, canonical)) ? canonical : null
                : found.Contains((member.MemberId, ResourceTypes.User)) ? ResourceTypes.User
                : found.Contains((member.MemberId, ResourceTypes.Group)) ? ResourceTypes.Group
                : null;
            if (type is null)
            {
                if (seenMissing.Add(member.MemberId))
                {
                    missing.Add(member.MemberId);
                }
            }
            else
            {
                edges.Add(new MemberEdge(member.MemberId, type));
            }
        }

        return new ResolvedMembers(edges, missing);
    }

    /// <summary>"user" → "User": member types are compared as RFC 7643 §4.2 canonical values, case-insensitively.</summary>
    private static string? CanonicalType(string type) =>
        string.Equals(type, ResourceTypes.User, StringComparison.OrdinalIgnoreCase) ? ResourceTypes.User
        : string.Equals(type, ResourceTypes.Group, StringComparison.OrdinalIgnoreCase) ? ResourceTypes.Group
        : null;

    private static async Task AddEdgesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, string groupId, IReadOnlyList<MemberEdge> edges, CancellationToken cancellationToken)
    {
        if (edges.Count == 0)
        {
            return;
        }

        // One prepared statement, one primary-key insert per edge.
        await using var add = EdgeCommand(connection, transaction, AddEdgeSql, tenant, groupId);
        var memberType = add.Parameters.Add("@member_type", SqliteType.Text);
        foreach (var edge in edges)
        {
            add.Parameters["@member_id"].Value = edge.MemberId;
            memberType.Value = edge.MemberType;
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static SqliteCommand EdgeCommand(SqliteConnection connection, SqliteTransaction transaction, string sql, string tenant, string groupId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@group_id", groupId);
        command.Parameters.Add("@member_id", SqliteType.Text);
        return command;
    }

    // System.Text.Json: a page of 100 ids written without building a JArray first.
    private static string JsonArray(IEnumerable<string> values) => JsonSerializer.Serialize(values);

    /// <summary>The members that exist, each with its type, and the ids that do not (in the order given).</summary>
    private sealed record ResolvedMembers(IReadOnlyList<MemberEdge> Edges, IReadOnlyList<string> Missing);
}
