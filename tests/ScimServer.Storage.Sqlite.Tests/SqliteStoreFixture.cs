namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>One initialised store on a temporary file, shared by the tests of a class (each test uses its own tenants).</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly TemporaryDatabase database = new();

    public SqliteScimStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = database.CreateStore();
        await Store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        database.Dispose();
        return Task.CompletedTask;
    }
}
