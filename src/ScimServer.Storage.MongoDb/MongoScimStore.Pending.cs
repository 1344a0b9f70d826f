using ScimServer.Core.Storage;

namespace ScimServer.Storage.MongoDb;

// Placeholders until the tenant catalog, token administration and audit land (issue 6): every call fails loudly.
public sealed partial class MongoScimStore : IAuditLog
{
    public Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken = default) => throw Pending();

    public Task<StoreOutcome> DeleteTenantAsync(string id, CancellationToken cancellationToken = default) => throw Pending();

    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default) => throw Pending();

    public Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default) => throw Pending();

    public Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, CancellationToken cancellationToken = default) => throw Pending();

    public Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default) => throw Pending();

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => throw Pending();

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw Pending();

    private static NotSupportedException Pending() => new("Not implemented yet (issue 6).");
}
