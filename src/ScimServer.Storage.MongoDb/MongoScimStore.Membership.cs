using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>Group membership as edges in <c>members</c> (<see cref="EdgeDocuments"/>).</summary>
public sealed partial class MongoScimStore
{
    /// <summary>
    /// The most edge writes one transaction of a membership change makes. A change within it (nearly every PATCH) is
    /// one transaction with the group's version and audit entry; a larger one (a PUT of 200,000 members) is applied as
    /// a diff in batches of this size (see <see cref="UpdateGroupInBatchesAsync"/>).
    /// </summary>
    internal const int MembershipChunkSize = 1_000;

    /// <summary>How often a large membership change without an expected version starts again after a concurrent change.</summary>
    private const int MaxMembershipRestarts = 5;

    /// <summary>How many levels of nested groups the store follows before it stops (a guard, not a SCIM rule).</summary>
    private const int MaxNestingDepth = 64;

    /// <remarks>
    /// One transaction: checks the members, then either bumps the version with <c>$inc</c> (a membership-only change:
    /// concurrent changes all land, none is lost) or writes the replacement at the next version (filtered on the
    /// stored version), then upserts and deletes edges with bulk writes, then appends the audit entry if any. Touches
    /// only the edges named.
    /// </remarks>
    public async Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Replacement is { } replacement
            && (replacement.Tenant != update.Tenant || replacement.Id != update.GroupId || replacement.ResourceType != ResourceTypes.Group))
        {
            throw new ArgumentException("The replacement must be the updated group.", nameof(update));
        }

        CheckAudit(update.Audit, update.Tenant);
        var groups = Resources(ResourceTypes.Group);
        if (await IsLargeAsync(update, cancellationToken))
        {
            return await UpdateGroupInBatchesAsync(update, cancellationToken);
        }

        return await InTransactionAsync(
            async (session, ct) =>
            {
                var change = update.Members;
                var resolved = await ResolveMembersAsync(session, update.Tenant, update.GroupId, change.Add, ct);
                if (resolved.Missing.Count > 0)
                {
                    // Unknown members are reported only for a group that exists (and at the expected version).
                    var current = await groups.Find(session, ResourceDocuments.ById(update.Tenant, update.GroupId)).FirstOrDefaultAsync(ct);
                    if (current is null)
                    {
                        throw new Rollback(StoreOutcome.NotFound);
                    }

                    if (update.ExpectedVersion is { } expected && current[Meta][VersionElement].ToInt64() != expected)
                    {
                        throw new Rollback(StoreOutcome.PreconditionFailed);
                    }

                    throw new Rollback(StoreOutcome.MemberNotFound, resolved.Missing);
                }

                var version = update.Replacement is null
                    ? await NextVersionAsync(session, groups, update, ct)
                    : await ReplaceGroupAsync(session, groups, update, ct);

                if (change.ReplaceAll)
                {
                    await Edges.DeleteManyAsync(session, EdgeDocuments.AllBut(update.Tenant, update.GroupId, change.Add.Select(e => e.MemberId)), cancellationToken: ct);
                }

                if (change.Remove.Count > 0)
                {
                    await Edges.DeleteManyAsync(session, EdgeDocuments.Only(update.Tenant, update.GroupId, change.Remove), cancellationToken: ct);
                }

                await UpsertEdgesAsync(session, update.Tenant, update.GroupId, resolved.Edges, ct);
                if (update.Audit is { } audit)
                {
                    await AppendAuditAsync(session, audit, version, ct);
                }

                return new GroupUpdateResult(StoreOutcome.Ok, version, []);
            },
            (outcome, missing) => new GroupUpdateResult(outcome, 0, missing),
            cancellationToken);
    }

    /// <summary>More edge writes than one transaction should make: many members named, or a replace of a large group.</summary>
    private async Task<bool> IsLargeAsync(GroupUpdate update, CancellationToken cancellationToken)
    {
        var change = update.Members;
        if (change.Add.Count + change.Remove.Count > MembershipChunkSize)
        {
            return true;
        }

        if (!change.ReplaceAll)
        {
            return false;
        }

        var current = await Edges.CountDocumentsAsync(
            EdgeDocuments.OfGroup(update.Tenant, update.GroupId), new CountOptions { Limit = MembershipChunkSize + 1 }, cancellationToken);
        return current + change.Add.Count > MembershipChunkSize;
    }

    /// <remarks>
    /// A large membership change, in transactions of at most <see cref="MembershipChunkSize"/> edge writes, each
    /// fenced on the group's version: the members are resolved and the diff against the stored edges is computed
    /// (outside any transaction), then every batch but the last is applied in a transaction that first writes
    /// <see cref="ResourceDocuments.MembershipBatchFence"/> to the group at the version the diff was computed from, and
    /// the last batch commits with the group's next version (or its replacement) and the audit entry. So the version
    /// and the audit entry appear once, with the change's last edges; a concurrent change of the group between two
    /// batches makes the next batch miss its fence: with an expected version (If-Match) the update then answers
    /// PreconditionFailed, without one it starts again from what is stored. Between the batches readers see part of the
    /// new members at the old version, and a process that stops in between leaves that state: the change is resumable
    /// by sending it again (a PUT or a PATCH of members is idempotent; the diff then holds only what is left).
    /// </remarks>
    private async Task<GroupUpdateResult> UpdateGroupInBatchesAsync(GroupUpdate update, CancellationToken cancellationToken)
    {
        var groups = Resources(ResourceTypes.Group);
        for (var run = 1; ; run++)
        {
            GroupUpdateResult result;
            using (var session = await client.StartSessionAsync(cancellationToken: cancellationToken))
            {
                var current = await groups
                    .Find(session, ResourceDocuments.ById(update.Tenant, update.GroupId))
                    .Project(new BsonDocument(MetaVersion, 1))
                    .FirstOrDefaultAsync(cancellationToken);
                if (current is null)
                {
                    return new GroupUpdateResult(StoreOutcome.NotFound, 0, []);
                }

                var stored = current[Meta][VersionElement].ToInt64();
                if (update.ExpectedVersion is { } expected && expected != stored)
                {
                    return new GroupUpdateResult(StoreOutcome.PreconditionFailed, 0, []);
                }

                var edges = new List<(string MemberId, string MemberType)>();
                var missing = new List<string>();
                foreach (var chunk in update.Members.Add.Chunk(MembershipChunkSize))
                {
                    var resolved = await ResolveMembersAsync(session, update.Tenant, update.GroupId, chunk, cancellationToken);
                    edges.AddRange(resolved.Edges);
                    missing.AddRange(resolved.Missing.Where(m => !missing.Contains(m)));
                }

                if (missing.Count > 0)
                {
                    return new GroupUpdateResult(StoreOutcome.MemberNotFound, 0, missing);
                }

                var existing = new Dictionary<string, string>(StringComparer.Ordinal);
                if (update.Members.ReplaceAll)
                {
                    using var cursor = await Edges.Find(session, EdgeDocuments.OfGroup(update.Tenant, update.GroupId))
                        .Project(new BsonDocument { { MemberId, 1 }, { MemberType, 1 }, { MongoId, 0 } })
                        .ToCursorAsync(cancellationToken);
                    await cursor.ForEachAsync(e => existing[e[MemberId].AsString] = e[MemberType].AsString, cancellationToken);
                }

                var batches = MembershipDiff.Of(existing, edges, update.Members).Batches(MembershipChunkSize);
                result = await ApplyBatchesAsync(update with { ExpectedVersion = stored }, batches, cancellationToken);
            }

            if (result.Outcome == StoreOutcome.PreconditionFailed && update.ExpectedVersion is null && run < MaxMembershipRestarts)
            {
                continue;
            }

            return result;
        }
    }

    /// <summary>The batches of <see cref="UpdateGroupInBatchesAsync"/>, fenced on <paramref name="update"/>'s expected version.</summary>
    private async Task<GroupUpdateResult> ApplyBatchesAsync(GroupUpdate update, IReadOnlyList<MembershipBatch> batches, CancellationToken cancellationToken)
    {
        var groups = Resources(ResourceTypes.Group);
        var fence = ResourceDocuments.ByIdAtVersion(update.Tenant, update.GroupId, update.ExpectedVersion!.Value);
        foreach (var batch in batches.Take(batches.Count - 1))
        {
            var outcome = await InTransactionAsync(
                async (session, ct) =>
                {
                    var fenced = await groups.UpdateOneAsync(session, fence, ResourceDocuments.MembershipBatchFence, cancellationToken: ct);
                    if (fenced.MatchedCount == 0)
                    {
                        throw new Rollback(await MissOutcomeAsync(session, groups, update.Tenant, update.GroupId, ct));
                    }

                    await ApplyBatchAsync(session, update, batch, ct);
                    return StoreOutcome.Ok;
                },
                (outcome, _) => outcome,
                cancellationToken);
            if (outcome != StoreOutcome.Ok)
            {
                return new GroupUpdateResult(outcome, 0, []);
            }
        }

        return await InTransactionAsync(
            async (session, ct) =>
            {
                var version = update.Replacement is null
                    ? await NextVersionAsync(session, groups, update, ct)
                    : await ReplaceGroupAsync(session, groups, update, ct);
                await ApplyBatchAsync(session, update, batches[^1], ct);
                if (update.Audit is { } audit)
                {
                    await AppendAuditAsync(session, audit, version, ct);
                }

                return new GroupUpdateResult(StoreOutcome.Ok, version, []);
            },
            (outcome, missing) => new GroupUpdateResult(outcome, 0, missing),
            cancellationToken);
    }

    private async Task ApplyBatchAsync(IClientSessionHandle session, GroupUpdate update, MembershipBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Deletes.Count > 0)
        {
            await Edges.DeleteManyAsync(session, EdgeDocuments.Only(update.Tenant, update.GroupId, batch.Deletes), cancellationToken: cancellationToken);
        }

        await UpsertEdgesAsync(session, update.Tenant, update.GroupId, batch.Upserts, cancellationToken);
    }

    public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default) =>
        ListMembersAsync(null, tenant, groupIds, cancellationToken);

    public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default) =>
        ListGroupsOfAsync(null, tenant, memberIds, cancellationToken);

    /// <summary>The members of these groups with their display names, in <paramref name="session"/> if given (a page's snapshot).</summary>
    private async Task<IReadOnlyList<GroupMember>> ListMembersAsync(
        IClientSessionHandle? session, string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        if (groupIds.Count == 0)
        {
            return [];
        }

        var edges = await Find(Edges, session, new BsonDocument { { Tenant, tenant }, { GroupId, new BsonDocument("$in", new BsonArray(groupIds.Distinct())) } })
            .Sort(new BsonDocument { { GroupId, 1 }, { MemberId, 1 } })
            .ToListAsync(cancellationToken);
        var userDisplays = await DisplaysAsync(
            session, tenant, ResourceTypes.User, edges.Where(e => e[MemberType] == ResourceTypes.User).Select(e => e[MemberId].AsString), cancellationToken);
        var groupDisplays = await DisplaysAsync(
            session, tenant, ResourceTypes.Group, edges.Where(e => e[MemberType] == ResourceTypes.Group).Select(e => e[MemberId].AsString), cancellationToken);
        return [.. edges.Select(edge =>
        {
            var displays = edge[MemberType] == ResourceTypes.User ? userDisplays : groupDisplays;
            return EdgeDocuments.ToMember(edge, displays.GetValueOrDefault(edge[MemberId].AsString));
        })];
    }

    /// <remarks>
    /// Walks up the edges one level per query (all the members of the page at once), so the cost grows with the
    /// nesting depth, not with the number of members. A cycle of groups ends the walk.
    /// </remarks>
    private async Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(
        IClientSessionHandle? session, string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        var members = memberIds.Distinct().ToList();
        if (members.Count == 0)
        {
            return [];
        }

        var direct = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var edge in await Find(Edges, session, new BsonDocument { { Tenant, tenant }, { MemberId, new BsonDocument("$in", new BsonArray(members)) } })
                     .ToListAsync(cancellationToken))
        {
            Add(direct, edge[MemberId].AsString, edge[GroupId].AsString);
        }

        // The parents of every group reachable from the direct ones.
        var parents = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(direct.Values.SelectMany(g => g), StringComparer.Ordinal);
        var frontier = seen.ToList();
        for (var depth = 0; frontier.Count > 0 && depth < MaxNestingDepth; depth++)
        {
            var edges = await Find(Edges, session, new BsonDocument
                {
                    { Tenant, tenant },
                    { MemberId, new BsonDocument("$in", new BsonArray(frontier)) },
                    { MemberType, ResourceTypes.Group },
                })
                .ToListAsync(cancellationToken);
            frontier = [];
            foreach (var edge in edges)
            {
                var parent = edge[GroupId].AsString;
                Add(parents, edge[MemberId].AsString, parent);
                if (seen.Add(parent))
                {
                    frontier.Add(parent);
                }
            }
        }

        var displays = await DisplaysAsync(session, tenant, ResourceTypes.Group, seen, cancellationToken);
        var result = new List<GroupMembership>();
        foreach (var member in members)
        {
            if (!direct.TryGetValue(member, out var groups))
            {
                continue;
            }

            var indirect = new SortedSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(groups);
            while (stack.Count > 0)
            {
                foreach (var parent in parents.GetValueOrDefault(stack.Pop()) ?? [])
                {
                    if (!groups.Contains(parent) && parent != member && indirect.Add(parent))
                    {
                        stack.Push(parent);
                    }
                }
            }

            result.AddRange(groups.Select(g => new GroupMembership(member, g, displays.GetValueOrDefault(g), Direct: true)));
            result.AddRange(indirect.Select(g => new GroupMembership(member, g, displays.GetValueOrDefault(g), Direct: false)));
        }

        return result;
    }

    public async Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        return (await ResolveMembersAsync(session, tenant, groupId: null, members, cancellationToken)).Missing;
    }

    /// <summary>
    /// Finds each member among the tenant's users and groups (a member without a type: a user first, else a group);
    /// a group cannot be its own member.
    /// </summary>
    private async Task<ResolvedMembers> ResolveMembersAsync(
        IClientSessionHandle session, string tenant, string? groupId, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return new ResolvedMembers([], []);
        }

        var users = await ExistingIdsAsync(
            session, tenant, ResourceTypes.User, members.Where(m => m.MemberType is null or ResourceTypes.User).Select(m => m.MemberId), cancellationToken);
        var groups = await ExistingIdsAsync(
            session, tenant, ResourceTypes.Group, members.Where(m => m.MemberType is null or ResourceTypes.Group).Select(m => m.MemberId), cancellationToken);
        var edges = new List<(string MemberId, string MemberType)>();
        var missing = new List<string>();
        foreach (var member in members)
        {
            var isUser = member.MemberType is null or ResourceTypes.User && users.Contains(member.MemberId);
            var isGroup = member.MemberType is null or ResourceTypes.Group && groups.Contains(member.MemberId) && member.MemberId != groupId;
            if (isUser)
            {
                edges.Add((member.MemberId, ResourceTypes.User));
            }
            else if (isGroup)
            {
                edges.Add((member.MemberId, ResourceTypes.Group));
            }
            else if (!missing.Contains(member.MemberId))
            {
                missing.Add(member.MemberId);
            }
        }

        return new ResolvedMembers(edges, missing);
    }

    private async Task<HashSet<string>> ExistingIdsAsync(
        IClientSessionHandle session, string tenant, string resourceType, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var found = await Resources(resourceType)
            .Find(session, new BsonDocument { { Tenant, tenant }, { Id, new BsonDocument("$in", new BsonArray(wanted)) } })
            .Project(new BsonDocument { { Id, 1 }, { MongoId, 0 } })
            .ToListAsync(cancellationToken);
        return found.Select(d => d[Id].AsString).ToHashSet(StringComparer.Ordinal);
    }

    private async Task UpsertEdgesAsync(
        IClientSessionHandle session, string tenant, string groupId, IReadOnlyList<(string MemberId, string MemberType)> edges, CancellationToken cancellationToken)
    {
        if (edges.Count == 0)
        {
            return;
        }

        await Edges.BulkWriteAsync(
            session,
            edges.Select(e => EdgeDocuments.Upsert(tenant, groupId, e.MemberId, e.MemberType)),
            new BulkWriteOptions { IsOrdered = false },
            cancellationToken);
    }

    private static async Task<long> NextVersionAsync(
        IClientSessionHandle session, IMongoCollection<BsonDocument> groups, GroupUpdate update, CancellationToken cancellationToken)
    {
        var filter = update.ExpectedVersion is { } expected
            ? ResourceDocuments.ByIdAtVersion(update.Tenant, update.GroupId, expected)
            : ResourceDocuments.ById(update.Tenant, update.GroupId);
        var updated = await groups.FindOneAndUpdateAsync(
            session,
            filter,
            ResourceDocuments.NextVersionUpdate(update.LastModified),
            new FindOneAndUpdateOptions<BsonDocument>
            {
                ReturnDocument = ReturnDocument.After,
                Projection = new BsonDocument(MetaVersion, 1),
            },
            cancellationToken);
        return updated is null
            ? throw new Rollback(await MissOutcomeAsync(session, groups, update.Tenant, update.GroupId, cancellationToken))
            : updated[Meta][VersionElement].ToInt64();
    }

    private async Task<long> ReplaceGroupAsync(
        IClientSessionHandle session, IMongoCollection<BsonDocument> groups, GroupUpdate update, CancellationToken cancellationToken)
    {
        var current = await groups
            .Find(session, ResourceDocuments.ById(update.Tenant, update.GroupId))
            .Project(new BsonDocument(MetaVersion, 1))
            .FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            throw new Rollback(StoreOutcome.NotFound);
        }

        var stored = current[Meta][VersionElement].ToInt64();
        if (update.ExpectedVersion is { } expected && expected != stored)
        {
            throw new Rollback(StoreOutcome.PreconditionFailed);
        }

        var replacement = update.Replacement! with { Version = stored + 1, LastModified = update.LastModified };
        var result = await groups.UpdateOneAsync(
            session,
            ResourceDocuments.ByIdAtVersion(update.Tenant, update.GroupId, stored),
            ResourceDocuments.ReplaceUpdate(replacement, SearchKeysOf(replacement), FoldedOf(replacement)),
            cancellationToken: cancellationToken);
        return result.MatchedCount == 0 ? throw new Rollback(StoreOutcome.PreconditionFailed) : stored + 1;
    }

    /// <summary>displayName, else userName, of these resources, by id.</summary>
    private async Task<Dictionary<string, string?>> DisplaysAsync(
        IClientSessionHandle? session, string tenant, string resourceType, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var filter = new BsonDocument { { Tenant, tenant }, { Id, new BsonDocument("$in", new BsonArray(wanted)) } };
        var projection = new BsonDocument { { Id, 1 }, { Document + ".displayName", 1 }, { Document + ".userName", 1 }, { MongoId, 0 } };
        var found = await Find(Resources(resourceType), session, filter)
            .Project(projection)
            .ToListAsync(cancellationToken);
        return found.ToDictionary(
            d => d[Id].AsString,
            d => DisplayOf(d[Document].AsBsonDocument),
            StringComparer.Ordinal);
    }

    private static string? DisplayOf(BsonDocument document) =>
        document.TryGetValue("displayName", out var display) && display.IsString ? display.AsString
        : document.TryGetValue("userName", out var userName) && userName.IsString ? userName.AsString
        : null;

    /// <summary>
    /// Each membership node of the query's filter as a lookup into the edges within the page's pipeline (see
    /// <see cref="MembershipFilter"/>). A user's <c>groups.value eq "g"</c> first reads the groups nested in g (groups
    /// only, through <c>ix_tenant_group_nested</c>; never g's members, however many), in the page's session.
    /// </summary>
    private async Task<IReadOnlyList<MembershipLookup>> MembershipLookupsAsync(
        IClientSessionHandle session, ResourceQuery query, CancellationToken cancellationToken)
    {
        var lookups = new List<MembershipLookup>();
        foreach (var node in MongoFilterTranslator.MembershipNodes(query.Filter).Distinct())
        {
            var field = MembershipFilter.FieldOf(lookups.Count);
            if (query.ResourceType == ResourceTypes.Group)
            {
                lookups.Add(MembershipFilter.GroupMembers(query.Tenant, node, field));
            }
            else
            {
                var groupsUnder = MembershipFilter.GroupOf(node) is { } groupId ? await GroupsUnderAsync(session, query.Tenant, groupId, cancellationToken) : null;
                lookups.Add(MembershipFilter.UserGroups(query.Tenant, node, field, groupsUnder));
            }
        }

        return lookups;
    }

    /// <summary>The group and every group nested in it, at any depth (a cycle ends the walk).</summary>
    private async Task<IReadOnlyCollection<string>> GroupsUnderAsync(
        IClientSessionHandle session, string tenant, string groupId, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { groupId };
        var frontier = new List<string> { groupId };
        for (var depth = 0; frontier.Count > 0 && depth < MaxNestingDepth; depth++)
        {
            var nested = await Edges
                .Find(session, EdgeDocuments.NestedIn(tenant, frontier))
                .Project(new BsonDocument { { MemberId, 1 }, { MongoId, 0 } })
                .ToListAsync(cancellationToken);
            frontier = [.. nested.Select(edge => edge[MemberId].AsString).Where(seen.Add)];
        }

        return seen;
    }

    /// <summary>A find in <paramref name="session"/> when there is one (a page's snapshot), else on its own.</summary>
    private static IFindFluent<BsonDocument, BsonDocument> Find(IMongoCollection<BsonDocument> collection, IClientSessionHandle? session, BsonDocument filter) =>
        session is null ? collection.Find(filter) : collection.Find(session, filter);

    private static void Add(Dictionary<string, SortedSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

    private sealed record ResolvedMembers(IReadOnlyList<(string MemberId, string MemberType)> Edges, IReadOnlyList<string> Missing);
}
