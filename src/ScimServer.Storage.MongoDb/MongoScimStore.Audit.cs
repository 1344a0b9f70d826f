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
    /// Appends <paramref name="entry"/> inside the caller's transaction, with a new time-ordered sequence (see
    /// <see cref="AuditSequences"/>; taken in each run of the transaction, so a run again after a sequence collision
    /// takes another) and the <paramref name="version"/> the write produced: it commits with the write, or not at all.
    /// </summary>
    private Task AppendAuditAsync(IClientSessionHandle session, AuditEntry entry, long? version, CancellationToken cancellationToken) =>
        AuditCollection.InsertOneAsync(session, AuditDocuments.ToDocument(entry, sequences.Take(), version), cancellationToken: cancellationToken);

    /// <summary>An audit entry must be of the tenant it records a change in.</summary>
    private static void CheckAudit(AuditEntry? audit, string? tenant)
    {
        if (audit is not null && audit.Tenant != tenant)
        {
            throw new ArgumentException($"The audit entry is of tenant '{audit.Tenant}', the write of tenant '{tenant}'.", nameof(audit));
        }
    }
}
