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
        var document = await TenantCollection.Find(new BsonDocument(MongoId, id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TenantDocuments.ToTenant(document);
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        var documents = await TenantCollection.Find(new BsonDocument()).Sort(new BsonDocument(MongoId, 1)).ToListAsync(cancellationToken);
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
        var filter = new BsonDocument(MongoId, tenant.Id);
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

    /// <remarks>
    /// One transaction: the tenant goes with all it owns, or nothing does. The audit log and the tenant's audit
    /// sequence stay (the log outlives what it records). A very large tenant may outgrow one transaction (MongoDB
    /// limits its lifetime, 60 s by default): the driver then reports the abort and nothing is deleted.
    /// </remarks>
    public Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        CheckAudit(audit, id);
        return InTransactionAsync(
            async (session, ct) =>
            {
                var deleted = await TenantCollection.DeleteOneAsync(session, new BsonDocument(MongoId, id), cancellationToken: ct);
                if (deleted.DeletedCount == 0)
                {
                    throw new Rollback(StoreOutcome.NotFound);
                }

                var owned = TenantDocuments.OwnedBy(id);
                await Resources(ResourceTypes.User).DeleteManyAsync(session, owned, cancellationToken: ct);
                await Resources(ResourceTypes.Group).DeleteManyAsync(session, owned, cancellationToken: ct);
                await Edges.DeleteManyAsync(session, owned, cancellationToken: ct);
                await TokenCollection.DeleteManyAsync(session, owned, cancellationToken: ct);
                if (audit is not null)
                {
                    await AppendAuditAsync(session, audit, version: null, ct);
                }

                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
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
