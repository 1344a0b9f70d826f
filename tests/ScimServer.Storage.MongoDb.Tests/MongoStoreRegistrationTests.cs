using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary><c>AddMongoStore</c>: the package registers itself as every store contract, with the host's settings (no server is contacted).</summary>
public sealed class MongoStoreRegistrationTests
{
    [Fact]
    public async Task AddMongoStore_serves_every_store_contract_from_one_store_with_the_given_settings()
    {
        var schemas = SchemaRegistry.LoadEmbedded();
        await using var services = new ServiceCollection()
            .AddSingleton(schemas)
            .AddMongoStore(options =>
            {
                options.ConnectionString = "mongodb://127.0.0.1:1/scim_reg?replicaSet=rs0";
                options.OperationTimeout = TimeSpan.FromSeconds(7);
            })
            .BuildServiceProvider();

        var store = services.GetRequiredService<MongoScimStore>();
        new object[]
        {
            services.GetRequiredService<IResourceStore>(), services.GetRequiredService<ITenantStore>(), services.GetRequiredService<IStoreInitializer>(),
            services.GetRequiredService<IAuditLog>(), services.GetRequiredService<IEventStreamStore>(),
        }.Should().AllSatisfy(contract => contract.Should().BeSameAs(store));
        var options = services.GetRequiredService<MongoStoreOptions>();
        options.DatabaseName().Should().Be("scim_reg");
        options.OperationTimeout.Should().Be(TimeSpan.FromSeconds(7));
        options.Schemas.Should().BeSameAs(schemas, "the host's schema registry, when the settings name none");
    }
}
