using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.MongoDb.Tests;

[Collection(MongoStoreCollection.Name)]
public sealed class MongoEventStreamStoreContractTests(MongoStoreFixture fixture) : EventStreamStoreContract
{
    protected override string? SkipReason => MongoStoreFixture.SkipReason;

    protected override Task<IResourceStore> CreateStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);

    protected override Task<IEventStreamStore> CreateEventStreamStoreAsync() => Task.FromResult<IEventStreamStore>(fixture.Store);

    protected override Task<ITenantStore> CreateTenantStoreAsync() => Task.FromResult<ITenantStore>(fixture.Store);

    protected override Task<IAuditLog> CreateAuditLogAsync() => Task.FromResult<IAuditLog>(fixture.Store);
}
