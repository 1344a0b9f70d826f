using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary><c>AddSqliteStore</c>: the package registers itself as every store contract, with the host's settings.</summary>
public sealed class SqliteStoreRegistrationTests : IDisposable
{
    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task AddSqliteStore_serves_every_store_contract_from_one_store_on_the_configured_file()
    {
        var schemas = SchemaRegistry.LoadEmbedded();
        await using var services = new ServiceCollection()
            .AddSingleton(schemas)
            .AddSqliteStore(options =>
            {
                options.Path = database.Path;
                options.WalSizeLimit = 8 * 1024 * 1024;
            })
            .BuildServiceProvider();

        var store = services.GetRequiredService<SqliteScimStore>();
        new object[]
        {
            services.GetRequiredService<IResourceStore>(), services.GetRequiredService<ITenantStore>(), services.GetRequiredService<IStoreInitializer>(),
            services.GetRequiredService<IAuditLog>(), services.GetRequiredService<IEventStreamStore>(),
        }.Should().AllSatisfy(contract => contract.Should().BeSameAs(store));
        services.GetRequiredService<SqliteStoreOptions>().Schemas.Should().BeSameAs(schemas, "the host's schema registry, when the settings name none");

        await services.GetRequiredService<IStoreInitializer>().InitializeAsync();
        var tenant = NewTenant();
        (await services.GetRequiredService<IResourceStore>().CreateAsync(User(tenant, "registered@example.com"))).Should().Be(StoreOutcome.Ok);
        File.Exists(database.Path).Should().BeTrue("the store writes to the configured file");
    }
}
