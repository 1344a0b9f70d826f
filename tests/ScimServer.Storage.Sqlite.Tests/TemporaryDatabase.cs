namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>A database path in a fresh temporary directory, deleted (with the WAL files) on dispose.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    public TemporaryDatabase(string fileName = "scim.db")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scim-sqlite-" + Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "data", fileName);
    }

    public string Directory { get; }

    /// <summary>The database file, in a sub-directory that does not exist yet.</summary>
    public string Path { get; }

    public SqliteScimStore CreateStore() => new(new SqliteStoreOptions { Path = Path });

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
