using ScimServer.Core.Storage;

namespace ScimServer.Telemetry;

/// <summary>The tenant store port with a span and a latency sample per call (token lookups run on every request).</summary>
internal sealed class InstrumentedTenantStore(ITenantStore inner, ScimMetrics metrics) : ITenantStore
{
    public async Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(GetTenantAsync), id);
        return await inner.GetTenantAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(ListTenantsAsync));
        return await inner.ListTenantsAsync(cancellationToken);
    }

    public async Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(CreateTenantAsync), tenant.Id);
        return await inner.CreateTenantAsync(tenant, audit, cancellationToken);
    }

    public async Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(UpdateTenantAsync), tenant.Id);
        return await inner.UpdateTenantAsync(tenant, audit, cancellationToken);
    }

    public async Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(DeleteTenantAsync), id);
        return await inner.DeleteTenantAsync(id, audit, cancellationToken);
    }

    public async Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(CreateTokenAsync), token.Tenant);
        return await inner.CreateTokenAsync(token, audit, cancellationToken);
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(ListTokensAsync), tenant);
        return await inner.ListTokensAsync(tenant, cancellationToken);
    }

    public async Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(GetTokenAsync), tenant);
        return await inner.GetTokenAsync(tenant, id, cancellationToken);
    }

    public async Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(RevokeTokenAsync), tenant);
        return await inner.RevokeTokenAsync(tenant, id, at, audit, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(FindUsersInAllTenantsAsync));
        return await inner.FindUsersInAllTenantsAsync(userNameKey, cancellationToken);
    }

    // No tag from the argument: it is the hash of a secret.
    public async Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(FindTokenAsync));
        return await inner.FindTokenAsync(sha256, cancellationToken);
    }

    public async Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(AnyServerAdminTokenAsync));
        return await inner.AnyServerAdminTokenAsync(cancellationToken);
    }
}
