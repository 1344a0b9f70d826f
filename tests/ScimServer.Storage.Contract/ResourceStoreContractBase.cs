using ScimServer.Core.Storage;

namespace ScimServer.Storage.Contract;

/// <summary>
/// The store under test for a contract suite over <see cref="IResourceStore"/>: a store's test project derives a class
/// that supplies it; every test works in fresh tenants, so one store instance may serve them all.
/// </summary>
public abstract class ResourceStoreContractBase : IAsyncLifetime
{
    private IResourceStore? store;

    protected IResourceStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>The store under test, initialised (it may be shared between tests).</summary>
    protected abstract Task<IResourceStore> CreateStoreAsync();

    /// <summary>
    /// Why the store cannot run here (e.g. no database server), or null. When set, every test is reported as
    /// skipped with this reason, never as passed.
    /// </summary>
    protected virtual string? SkipReason => null;

    public async Task InitializeAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        store = await CreateStoreAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
