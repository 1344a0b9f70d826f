namespace ScimServer.Core.Storage;

/// <summary>
/// The store port for SCIM resources. Every call is scoped by tenant: a resource of another tenant does not
/// exist for the caller. Writes are atomic: an outcome other than <see cref="StoreOutcome.Ok"/> changed nothing.
/// </summary>
public interface IResourceStore
{
    Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary><see cref="StoreOutcome.Conflict"/> when <see cref="StoredResource.UniqueKey"/> is taken in the tenant.</summary>
    Task<StoreOutcome> CreateAsync(StoredResource resource, CancellationToken cancellationToken = default);

    /// <summary>Replaces the resource if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes the resource (if <paramref name="expectedVersion"/> is given, only at that version).</summary>
    Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, CancellationToken cancellationToken = default);

    Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default);
}
