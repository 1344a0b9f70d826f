using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb;

/// <summary>The append-only audit log (<see cref="IAuditLog"/>; <see cref="AuditDocuments"/>).</summary>
public sealed partial class MongoScimStore : IAuditLog
{
    private IMongoCollection<BsonDocument> AuditCollection => database.GetCollection<BsonDocument>(StoredNames.Audit);

    /// <remarks>In a transaction of its own, for the same reason as every audited write: see <see cref="AuditDocuments"/>.</remarks>
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(
            async (session, ct) =>
            {
                await AppendAuditAsync(session, entry, entry.Version, ct);
                return StoreOutcome.Ok;
            },
            (outcome, _) => throw new InvalidOperationException($"Appending to the audit log ended as {outcome}."),
            cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        if (query.Limit == 0)
        {
            return [];
        }

        var documents = await AuditCollection
            .Find(AuditDocuments.Filter(query))
            .Sort(AuditDocuments.BySequence)
            .Limit(query.Limit)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(AuditDocuments.ToEntry)];
    }

    /// <summary>
    /// Appends <paramref name="entry"/> inside the caller's transaction, with the next sequence of the tenant's counter
    /// (see <see cref="AuditDocuments"/>: taken in each run of the transaction, so a run again after a write conflict
    /// takes another) and the <paramref name="version"/> the write produced: it commits with the write, or not at all.
    /// Callers append last, so the counter is held for as short a time as possible.
    /// </summary>
    private async Task AppendAuditAsync(IClientSessionHandle session, AuditEntry entry, long? version, CancellationToken cancellationToken)
    {
        var sequence = await TakeSequencesAsync(session, entry.Tenant, 1, cancellationToken);
        await AuditCollection.InsertOneAsync(session, AuditDocuments.ToDocument(entry, sequence, version), cancellationToken: cancellationToken);
    }

    /// <summary>Takes <paramref name="count"/> consecutive sequences of <paramref name="tenant"/>'s counter in the caller's transaction; returns the first.</summary>
    private async Task<long> TakeSequencesAsync(IClientSessionHandle session, string tenant, int count, CancellationToken cancellationToken)
    {
        var counter = await database.GetCollection<BsonDocument>(StoredNames.AuditCounters).FindOneAndUpdateAsync(
            session,
            AuditDocuments.CounterOf(tenant),
            new PipelineUpdateDefinition<BsonDocument>(AuditDocuments.Advance(sequences.Take(count), count)),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            cancellationToken);
        return counter[StoredNames.Last].ToInt64() - count + 1;
    }

    /// <summary>The documents of a batch's entries, each tenant's numbered from a block of its counter.</summary>
    private async Task<List<BsonDocument>> AuditDocumentsAsync(
        IClientSessionHandle session, IReadOnlyList<(AuditEntry Entry, long Version)> audited, CancellationToken cancellationToken)
    {
        var documents = new List<BsonDocument>(audited.Count);
        foreach (var tenant in audited.GroupBy(a => a.Entry.Tenant))
        {
            var entries = tenant.ToList();
            documents.AddRange(AuditDocuments.ToDocuments(entries, await TakeSequencesAsync(session, tenant.Key, entries.Count, cancellationToken)));
        }

        return documents;
    }

    /// <summary>An audit entry must be of the tenant it records a change in.</summary>
    private static void CheckAudit(AuditEntry? audit, string? tenant)
    {
        if (audit is not null && audit.Tenant != tenant)
        {
            throw new ArgumentException($"The audit entry is of tenant '{audit.Tenant}', the write of tenant '{tenant}'.", nameof(audit));
        }
    }
}
