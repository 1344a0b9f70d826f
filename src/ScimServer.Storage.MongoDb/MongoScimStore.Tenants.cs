using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>Tenants and their bearer tokens (<see cref="ITenantStore"/>; <see cref="TenantDocuments"/>).</summary>
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

    public Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return InsertAsync(TenantCollection, TenantDocuments.ToDocument(tenant), cancellationToken);
    }

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id or the secret's hash is taken.</summary>
    public Task<StoreOutcome> CreateTokenAsync(TokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return InsertAsync(TokenCollection, TenantDocuments.ToDocument(token), cancellationToken);
    }

    public async Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var document = await TokenCollection.Find(new BsonDocument(Sha256, sha256)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : TenantDocuments.ToToken(document);
    }

    public async Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default) =>
        await TokenCollection.CountDocumentsAsync(new BsonDocument(Tenant, BsonNull.Value), new CountOptions { Limit = 1 }, cancellationToken) > 0;

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
