using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>The batched create of a Bulk request (<see cref="IResourceStore.CreateManyAsync"/>).</summary>
public sealed partial class MongoScimStore
{
    /// <summary>
    /// The most items one transaction of a batched create writes: a Bulk of 1,000 creations commits as ten transactions,
    /// each well within MongoDB's 60-second transaction lifetime and its cache limit. A client keeps what RFC 7644 §3.7
    /// gives it (each operation succeeds or fails on its own, never half); a chunk that committed stays when a later one
    /// fails.
    /// </summary>
    internal const int BatchChunkSize = 100;

    /// <remarks>
    /// In chunks of <see cref="BatchChunkSize"/> items, one transaction each; a later chunk sees what an earlier one
    /// created, so the outcomes are those of one-by-one creates in order. Per chunk: one query per resource type and
    /// tenant (in practice one) for the ids and user names already taken, a decision per item in order (taken, or used
    /// by an earlier item: Conflict), then one ordered <c>InsertMany</c> of the accepted resources, and one
    /// <c>InsertMany</c> of their entries under a block of consecutive audit sequences (<see cref="AuditSequences"/>: no
    /// shared document). A concurrent writer can still take a key between the check and the insert; the duplicate key
    /// aborts the chunk's transaction, and its items are then created one by one, as the interface's default does, so
    /// each still gets its own correct outcome.
    /// </remarks>
    public async Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(
        IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (resource, audit) in items)
        {
            ArgumentNullException.ThrowIfNull(resource);
            CheckAudit(audit, resource.Tenant);
        }

        // Built once, before any transaction: a document the store refuses fails the call before anything is written.
        var documents = items.Select(i => ResourceDocuments.ToDocument(i.Resource, SearchKeysOf(i.Resource), FoldedOf(i.Resource))).ToList();
        var outcomes = new List<StoreOutcome>(items.Count);
        foreach (var chunk in Chunks(items.Count, BatchChunkSize))
        {
            outcomes.AddRange(await CreateChunkAsync([.. items.Take(chunk)], [.. documents.Take(chunk)], cancellationToken));
        }

        return outcomes;
    }

    /// <summary>The consecutive ranges of at most <paramref name="size"/> of <paramref name="count"/> items, in order.</summary>
    internal static IEnumerable<Range> Chunks(int count, int size)
    {
        for (var start = 0; start < count; start += size)
        {
            yield return start..Math.Min(count, start + size);
        }
    }

    private async Task<IReadOnlyList<StoreOutcome>> CreateChunkAsync(
        IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, IReadOnlyList<BsonDocument> documents, CancellationToken cancellationToken)
    {
        var outcomes = await InTransactionAsync<IReadOnlyList<StoreOutcome>?>(
            async (session, ct) =>
            {
                // Inside the work: the driver may run it again, and each run decides afresh from its own snapshot.
                var taken = new List<(string ResourceType, BsonDocument Taken)>();
                foreach (var group in items.Select(i => i.Resource).GroupBy(r => (r.ResourceType, r.Tenant)))
                {
                    var ids = group.Select(r => r.Id).Distinct().ToList();
                    var keys = group.Select(r => r.UniqueKey).OfType<string>().Distinct().ToList();
                    var found = await Resources(group.Key.ResourceType)
                        .Find(session, ResourceDocuments.TakenAmong(group.Key.Tenant, ids, keys))
                        .Project(ResourceDocuments.UniqueFields)
                        .ToListAsync(ct);
                    taken.AddRange(found.Select(d => (group.Key.ResourceType, d)));
                }

                var accepted = Accepted([.. items.Select(i => i.Resource)], taken);
                var indexes = Enumerable.Range(0, items.Count).Where(i => accepted[i]).ToList();
                foreach (var type in indexes.GroupBy(i => items[i].Resource.ResourceType))
                {
                    await Resources(type.Key).InsertManyAsync(
                        session, type.Select(i => documents[i]), new InsertManyOptions { IsOrdered = true }, ct);
                }

                var audited = indexes.Where(i => items[i].Audit is not null).Select(i => (items[i].Audit!, items[i].Resource.Version)).ToList();
                var entries = audited.Count == 0 ? [] : await AuditDocumentsAsync(session, audited, ct);
                if (entries.Count > 0)
                {
                    await AuditCollection.InsertManyAsync(session, entries, new InsertManyOptions { IsOrdered = true }, ct);
                }

                return [.. accepted.Select(a => a ? StoreOutcome.Ok : StoreOutcome.Conflict)];
            },
            // Nothing but a duplicate key ends this transaction early: null asks for the one-by-one fallback.
            (_, _) => null,
            cancellationToken);
        if (outcomes is not null)
        {
            return outcomes;
        }

        var oneByOne = new List<StoreOutcome>(items.Count);
        foreach (var (resource, audit) in items)
        {
            oneByOne.Add(await CreateAsync(resource, members: null, audit, cancellationToken));
        }

        return oneByOne;
    }

    /// <summary>
    /// Which items of a batch to insert, deciding in order as one-by-one creates would: an item whose id or folded
    /// user name is <paramref name="taken"/> (documents of <c>{ tenant, id, userNameKey? }</c> by resource type), or
    /// used by an earlier accepted item of the same type and tenant, is refused; a refused item blocks nothing.
    /// </summary>
    internal static bool[] Accepted(IReadOnlyList<StoredResource> resources, IEnumerable<(string ResourceType, BsonDocument Taken)> taken)
    {
        var used = new HashSet<(string ResourceType, string Tenant, string Field, string Value)>();
        foreach (var (type, document) in taken)
        {
            used.Add((type, document[Tenant].AsString, Id, document[Id].AsString));
            if (ResourceDocuments.OptionalString(document, UserNameKey) is { } key)
            {
                used.Add((type, document[Tenant].AsString, UserNameKey, key));
            }
        }

        var accepted = new bool[resources.Count];
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var id = (resource.ResourceType, resource.Tenant, Id, resource.Id);
            (string, string, string, string)? key = resource.UniqueKey is null
                ? null
                : (resource.ResourceType, resource.Tenant, UserNameKey, resource.UniqueKey);
            if (used.Contains(id) || (key is { } k && used.Contains(k)))
            {
                continue;
            }

            used.Add(id);
            if (key is { } added)
            {
                used.Add(added);
            }

            accepted[i] = true;
        }

        return accepted;
    }
}
