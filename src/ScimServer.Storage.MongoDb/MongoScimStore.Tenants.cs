using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>Tenants, their tokens and OAuth clients (<see cref="ITenantStore"/>; <see cref="TenantDocuments"/>).</summary>
public sealed partial class MongoScimStore
{
    private IMongoCollection<BsonDocument> TenantCollection => database.GetCollection<BsonDocument>(Tenants);

    private IMongoCollection<BsonDocument> TokenCollection => database.GetCollection<BsonDocument>(Tokens);

    public async Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        var document = await TenantCollection.Find(TenantDocuments.Live(id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TenantDocuments.ToTenant(document);
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        var documents = await TenantCollection.Find(TenantDocuments.AllLive).Sort(new BsonDocument(MongoId, 1)).ToListAsync(cancellationToken);
        return [.. documents.Select(TenantDocuments.ToTenant)];
    }

    public Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var document = TenantDocuments.ToDocument(tenant);
        return audit is null
            ? InsertAsync(TenantCollection, document, cancellationToken)
            : AuditedAsync(audit, tenant.Id, (session, ct) => InsertAsync(TenantCollection, session, document, ct), cancellationToken);
    }

    public async Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var filter = TenantDocuments.Live(tenant.Id);
        var update = TenantDocuments.UpdateOf(tenant);
        if (audit is not null)
        {
            return await AuditedAsync(
                audit,
                tenant.Id,
                async (session, ct) => Matched(await TenantCollection.UpdateOneAsync(session, filter, update, cancellationToken: ct)),
                cancellationToken);
        }

        return Matched(await TenantCollection.UpdateOneAsync(filter, update, cancellationToken: cancellationToken));
    }

    /// <summary>How many documents one step of a tenant's deletion removes (one <c>deleteMany</c> by <c>_id</c>).</summary>
    internal const int PurgeBatchSize = 1_000;

    /// <remarks>
    /// In two steps, so that no transaction grows with the tenant (MongoDB limits a transaction's lifetime, 60 s by
    /// default, and its cache use). First one small transaction marks the tenant <c>deleted</c>, removes its tokens and
    /// event streams and appends the audit entry: from its commit on, the tenant is not found, not listed, not updated, and none of its
    /// tokens or clients authenticates, so nothing reads or writes its data any more. Then its users, groups, edges and
    /// the streams' acknowledgements are removed in batches of <see cref="PurgeBatchSize"/>, and last the marked tenant document. If the process stops
    /// in between, <see cref="PurgeDeletedTenantsAsync"/> (started by <see cref="InitializeAsync"/>) finishes the work;
    /// until then the id cannot be taken again (Conflict). The audit log stays (the log outlives what it records), and with
    /// it the tenant's audit counter, so a tenant created again under the id continues its sequences.
    /// </remarks>
    public async Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        CheckAudit(audit, id);
        var marked = await InTransactionAsync(
            async (session, ct) =>
            {
                var updated = await TenantCollection.UpdateOneAsync(
                    session, TenantDocuments.Live(id), TenantDocuments.MarkDeleted(audit?.At ?? DateTimeOffset.UtcNow), cancellationToken: ct);
                if (updated.MatchedCount == 0)
                {
                    throw new Rollback(StoreOutcome.NotFound);
                }

                await TokenCollection.DeleteManyAsync(session, TenantDocuments.OwnedBy(id), cancellationToken: ct);

                // Its event streams go at once too (a few documents), so no instance pushes them after the commit.
                await StreamCollection.DeleteManyAsync(session, TenantDocuments.OwnedBy(id), cancellationToken: ct);
                if (audit is not null)
                {
                    await AppendAuditAsync(session, audit, version: null, ct);
                }

                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
        if (marked == StoreOutcome.Ok)
        {
            // The deletion is decided: the removal runs to its end even when the caller gives up waiting.
            await PurgeTenantAsync(id, CancellationToken.None);
        }

        return marked;
    }

    /// <summary>
    /// Finishes every tenant deletion a stopped process left marked but not removed (see <see cref="DeleteTenantAsync"/>).
    /// Safe to run on several instances at once: each batch deletes what is still there.
    /// </summary>
    public async Task PurgeDeletedTenantsAsync(CancellationToken cancellationToken = default)
    {
        var marked = await TenantCollection.Find(TenantDocuments.BeingDeleted).Project(new BsonDocument(MongoId, 1)).ToListAsync(cancellationToken);
        foreach (var tenant in marked)
        {
            await PurgeTenantAsync(tenant[MongoId].AsString, cancellationToken);
        }
    }

    /// <summary>Removes a marked tenant's documents batch by batch (each batch atomic on its own), then the tenant.</summary>
    private async Task PurgeTenantAsync(string id, CancellationToken cancellationToken)
    {
        // Edges first: a group or user removed before its edges would leave edges no deletion looks for.
        foreach (var collection in new[] { Edges, Resources(ResourceTypes.Group), Resources(ResourceTypes.User), TokenCollection, AckCollection, StreamCollection })
        {
            while (true)
            {
                var batch = await collection
                    .Find(TenantDocuments.OwnedBy(id))
                    .Project(new BsonDocument(MongoId, 1))
                    .Limit(PurgeBatchSize)
                    .ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                await collection.DeleteManyAsync(TenantDocuments.Batch(batch.Select(d => d[MongoId])), cancellationToken);
            }
        }

        await TenantCollection.DeleteOneAsync(TenantDocuments.Purged(id), cancellationToken);
    }

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id or the secret's hash is taken.</summary>
    public Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var document = TenantDocuments.ToDocument(token);
        return audit is null
            ? InsertAsync(TokenCollection, document, cancellationToken)
            : AuditedAsync(audit, token.Tenant, (session, ct) => InsertAsync(TokenCollection, session, document, ct), cancellationToken);
    }

    public async Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var document = await TokenCollection.Find(new BsonDocument(Sha256, sha256)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TenantDocuments.ToToken(document);
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var documents = await TokenCollection
            .Find(TenantDocuments.OwnedBy(tenant))
            .Sort(TenantDocuments.TokensOldestFirst)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(TenantDocuments.ToToken)];
    }

    public async Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await TokenCollection.Find(TenantDocuments.TokenOf(tenant, id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TenantDocuments.ToToken(document);
    }

    public async Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        var filter = TenantDocuments.TokenOf(tenant, id);
        var update = TenantDocuments.RevokeUpdate(at);
        if (audit is not null)
        {
            return await AuditedAsync(
                audit,
                tenant,
                async (session, ct) => Matched(await TokenCollection.UpdateOneAsync(session, filter, update, cancellationToken: ct)),
                cancellationToken);
        }

        return Matched(await TokenCollection.UpdateOneAsync(filter, update, cancellationToken: cancellationToken));
    }

    /// <remarks>Served by the index <c>ix_userNameKey_tenant_id</c> (see <see cref="MongoIndexes.Users"/>).</remarks>
    public async Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userNameKey);
        var documents = await Resources(ResourceTypes.User)
            .Find(ResourceDocuments.ByUserNameKey(userNameKey))
            .Sort(ResourceDocuments.ByTenantThenId)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(d => ResourceDocuments.FromDocument(d, ResourceTypes.User))];
    }

    public async Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default) =>
        await TokenCollection.CountDocumentsAsync(new BsonDocument(Tenant, BsonNull.Value), new CountOptions { Limit = 1 }, cancellationToken) > 0;

    /// <summary>
    /// A tenant or token write and its audit entry in one transaction: an outcome other than Ok (or a failed append)
    /// aborts both. A duplicate key inside the transaction aborts it too, and becomes Conflict.
    /// </summary>
    private Task<StoreOutcome> AuditedAsync(
        AuditEntry audit, string? tenant, Func<IClientSessionHandle, CancellationToken, Task<StoreOutcome>> write, CancellationToken cancellationToken)
    {
        CheckAudit(audit, tenant);
        return InTransactionAsync(
            async (session, ct) =>
            {
                var outcome = await write(session, ct);
                if (outcome != StoreOutcome.Ok)
                {
                    throw new Rollback(outcome);
                }

                await AppendAuditAsync(session, audit, version: null, ct);
                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
    }

    private static StoreOutcome Matched(UpdateResult result) => result.MatchedCount == 0 ? StoreOutcome.NotFound : StoreOutcome.Ok;

    /// <remarks>Inside a transaction a duplicate key is left to <see cref="InTransactionAsync{T}"/>, which aborts and answers Conflict.</remarks>
    private static async Task<StoreOutcome> InsertAsync(
        IMongoCollection<BsonDocument> collection, IClientSessionHandle session, BsonDocument document, CancellationToken cancellationToken)
    {
        await collection.InsertOneAsync(session, document, cancellationToken: cancellationToken);
        return StoreOutcome.Ok;
    }

    private static async Task<StoreOutcome> InsertAsync(IMongoCollection<BsonDocument> collection, BsonDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return StoreOutcome.Ok;
        }
        catch (Exception exception) when (IsDuplicateKey(exception))
        {
            return StoreOutcome.Conflict;
        }
    }
}
