using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.MongoDb.Tests;

[Collection(MongoStoreCollection.Name)]
public sealed class MongoTenantStoreContractTests(MongoStoreFixture fixture) : TenantStoreContract
{
    protected override string? SkipReason => MongoStoreFixture.SkipReason;

    protected override Task<ITenantStore> CreateStoreAsync() => Task.FromResult<ITenantStore>(fixture.Store);

    protected override Task<IResourceStore> CreateResourceStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);

    protected override Task<IAuditLog> CreateAuditLogAsync() => Task.FromResult<IAuditLog>(fixture.Store);
}
