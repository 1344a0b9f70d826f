using ScimServer.Core.Schema;

namespace ScimServer.Storage.Sqlite;

/// <summary>Where the embedded store keeps its data.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The default data file, relative to the working directory.</summary>
    public const string DefaultPath = "data/scim.db";

    /// <summary>
    /// The database file (default <c>data/scim.db</c>, relative to the working directory). Its directory is created
    /// if missing; the WAL journal files live beside it.
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// The schemas whose search keys the store indexes; used once, to give the rows of a file from before the search
    /// keys their keys. Defaults to the server's embedded schemas.
    /// </summary>
    public SchemaRegistry? Schemas { get; set; }

    /// <summary>
    /// The size in bytes past which the WAL is started over (default 64 MiB): the writer then waits, briefly, for the
    /// reads still on the WAL to end. Reads that always overlap would otherwise keep it growing with every write.
    /// </summary>
    public long WalSizeLimit { get; set; } = 64 * 1024 * 1024;
}
