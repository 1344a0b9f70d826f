using ScimServer.Core.Storage;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// What a large membership change writes to the edges: the members to upsert (new, or of another type) and the member
/// ids to delete, in a fixed order, so that the change can be applied in bounded batches (see
/// <see cref="MongoScimStore.MembershipChunkSize"/>).
/// </summary>
internal sealed record MembershipDiff(IReadOnlyList<(string MemberId, string MemberType)> Upserts, IReadOnlyList<string> Deletes)
{
    /// <summary>
    /// The diff of <paramref name="change"/> (its additions resolved to typed edges) against the group's
    /// <paramref name="current"/> edges (member id to type; needed only for a replace of all members). A member both
    /// removed and added stays; an edge already there with its type is not written again.
    /// </summary>
    public static MembershipDiff Of(
        IReadOnlyDictionary<string, string> current, IReadOnlyList<(string MemberId, string MemberType)> added, MembershipChange change)
    {
        var addedIds = added.Select(e => e.MemberId).ToHashSet(StringComparer.Ordinal);
        var deletes = (change.ReplaceAll ? current.Keys : change.Remove)
            .Where(id => !addedIds.Contains(id))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var upserts = added
            .DistinctBy(e => e.MemberId, StringComparer.Ordinal)
            .Where(e => !current.TryGetValue(e.MemberId, out var type) || type != e.MemberType)
            .OrderBy(e => e.MemberId, StringComparer.Ordinal)
            .ToList();
        return new MembershipDiff(upserts, deletes);
    }

    /// <summary>
    /// The diff in batches of at most <paramref name="size"/> edge writes, deletions first; always at least one batch
    /// (possibly empty: the last batch carries the group's new version and audit entry).
    /// </summary>
    public IReadOnlyList<MembershipBatch> Batches(int size)
    {
        var writes = Deletes.Select(id => (MemberId: id, UpsertType: (string?)null))
            .Concat(Upserts.Select(e => (e.MemberId, UpsertType: (string?)e.MemberType)))
            .ToList();
        var batches = writes.Chunk(size)
            .Select(chunk => new MembershipBatch(
                [.. chunk.Where(w => w.UpsertType is not null).Select(w => (w.MemberId, w.UpsertType!))],
                [.. chunk.Where(w => w.UpsertType is null).Select(w => w.MemberId)]))
            .ToList();
        return batches.Count == 0 ? [new MembershipBatch([], [])] : batches;
    }
}
