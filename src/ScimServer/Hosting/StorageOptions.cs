using ScimServer.Storage.Sqlite;

namespace ScimServer.Hosting;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (the embedded default, nothing to install) or <c>MongoDb</c> (production).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite data file; its folder is created if missing.</summary>
    public string SqlitePath { get; set; } = "data/scim.db";

    /// <summary>The SQLite WAL's size in bytes past which it is started over (and its file cut back to it).</summary>
    public long SqliteWalSizeLimit { get; set; } = new SqliteStoreOptions().WalSizeLimit;

    /// <summary>
    /// The MongoDB database (the connection string is <c>ConnectionStrings:MongoDb</c>); unset, the one the connection
    /// string names, else <c>scim</c>.
    /// </summary>
    public string? MongoDatabase { get; set; }

    /// <summary>How long a MongoDB operation waits for a suitable server (the primary for writes) before it fails.</summary>
    public TimeSpan MongoServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a MongoDB read (find, aggregation, count) may run in the server (<c>maxTimeMS</c>).</summary>
    public TimeSpan MongoOperationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
