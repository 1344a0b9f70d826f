namespace ScimServer.Storage.MongoDb;

/// <summary>Where the MongoDB store keeps its data.</summary>
public sealed class MongoStoreOptions
{
    /// <summary>The default database name.</summary>
    public const string DefaultDatabase = "scim";

    /// <summary>
    /// The MongoDB connection string (required; no default). It must reach a replica set (or a sharded cluster):
    /// the store writes a group and its membership edges in one multi-document transaction, which a standalone
    /// server does not offer. A single-node replica set is enough (<c>mongodb://host:27017/?replicaSet=rs0</c>).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The database that holds the collections (default <c>scim</c>).</summary>
    public string Database { get; set; } = DefaultDatabase;
}
