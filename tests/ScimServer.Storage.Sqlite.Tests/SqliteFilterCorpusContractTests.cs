using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.Sqlite.Tests;

public sealed class SqliteFilterCorpusContractTests(SqliteStoreFixture fixture) : FilterCorpusContract, IClassFixture<SqliteStoreFixture>
{
    protected override Task<IResourceStore> CreateStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);
}
