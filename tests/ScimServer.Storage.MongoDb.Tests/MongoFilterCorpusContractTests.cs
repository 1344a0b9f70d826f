using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.MongoDb.Tests;

[Collection(MongoStoreCollection.Name)]
public sealed class MongoFilterCorpusContractTests(MongoStoreFixture fixture) : FilterCorpusContract
{
    protected override string? SkipReason => MongoStoreFixture.SkipReason;

    protected override Task<IResourceStore> CreateStoreAsync() => Task.FromResult<IResourceStore>(fixture.Store);
}
