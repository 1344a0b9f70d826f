namespace ScimServer.Core.Storage;

/// <summary>The store port for tenants and their tokens.</summary>
public interface ITenantStore
{
    Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id is taken.</summary>
    Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken = default);

    Task<StoreOutcome> CreateTokenAsync(TokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>The token whose secret hashes to <paramref name="sha256"/> (lower-case hex), revoked or not.</summary>
    Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Whether any token without a tenant (a server-admin token) exists.</summary>
    Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default);
}
