using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.Sqlite.Tests;

public sealed class SqliteAuditLogContractTests(SqliteStoreFixture fixture) : AuditLogContract, IClassFixture<SqliteStoreFixture>
{
    protected override Task<IResourceStore> CreateStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);

    protected override Task<IAuditLog> CreateAuditLogAsync() => Task.FromResult<IAuditLog>(fixture.Store);
}
