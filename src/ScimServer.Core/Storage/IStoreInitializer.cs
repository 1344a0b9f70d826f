namespace ScimServer.Core.Storage;

/// <summary>Creates what a store needs (tables, indexes) at start-up; idempotent.</summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
