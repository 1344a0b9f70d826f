using MongoDB.Driver;

namespace ScimServer.Benchmarks.Load;

/// <summary>Drops the database a MongoDB load run created, however the run ends; nothing when the run used SQLite.</summary>
internal sealed class MongoDatabaseDrop(string? uri, string? database) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (uri is null || database is null)
        {
            return;
        }

        using var client = new MongoClient(uri);
        await client.DropDatabaseAsync(database);
        Console.WriteLine($"Dropped the MongoDB database {database}.");
    }
}
