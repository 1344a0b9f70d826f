namespace ScimServer.Core.Storage;

/// <summary>
/// The store port for tenants and their tokens. A write given an <see cref="AuditEntry"/> appends it in the same
/// transaction as the change (its version left empty): the change and its record commit together or not at all.
/// </summary>
public interface ITenantStore
{
    Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id is taken.</summary>
    Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the tenant's name, role catalog, default roles and organizations (<see cref="StoreOutcome.NotFound"/> if absent).</summary>
    Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant with its users, groups, members, tokens and clients; its audit log stays.</summary>
    Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>The tenant's tokens and OAuth clients (revoked ones too), oldest first; never the secrets (only their hashes exist).</summary>
    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>The token or client of this id in this tenant, or null.</summary>
    Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>Marks the token revoked at <paramref name="at"/>; it is refused from then on (<see cref="StoreOutcome.NotFound"/> if absent).</summary>
    Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every user, in every tenant, whose folded userName is <paramref name="userNameKey"/> (the server-admin view of a
    /// service account's cross-tenant access). Tenant order, then id.
    /// </summary>
    Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default);

    /// <summary>The token whose secret hashes to <paramref name="sha256"/> (lower-case hex), revoked or not.</summary>
    Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Whether any token without a tenant (a server-admin token) exists.</summary>
    Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default);
}
