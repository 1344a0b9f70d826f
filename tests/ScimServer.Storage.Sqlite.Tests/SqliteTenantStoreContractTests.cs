using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.Sqlite.Tests;

public sealed class SqliteTenantStoreContractTests(SqliteStoreFixture fixture) : TenantStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override Task<ITenantStore> CreateStoreAsync() => Task.FromResult<ITenantStore>(fixture.Store);

    protected override Task<IResourceStore> CreateResourceStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);

    protected override Task<IAuditLog> CreateAuditLogAsync() => Task.FromResult<IAuditLog>(fixture.Store);
}
