using MongoDB.Driver;
using ScimServer.Core.Schema;

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

    /// <summary>
    /// The database that holds the collections: when null, the one the connection string names
    /// (<c>mongodb://host/<b>scim_prod</b>?replicaSet=rs0</c>), else <c>scim</c>.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>
    /// How long an operation waits to find a suitable server (the primary, for a write) before it fails. The driver's own
    /// default, 30 s, holds a request and its connection that long when the replica set is down or has no primary.
    /// </summary>
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a read (a find, an aggregation, a count) may run in the server, sent as <c>maxTimeMS</c>: a filter
    /// that scans a large tenant fails with a time-out instead of holding a connection and a core for minutes.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The schemas whose search keys (<c>x-searchKeys</c>) the store keeps folded and indexed beside each resource.
    /// Defaults to the server's embedded schemas.
    /// </summary>
    public SchemaRegistry? Schemas { get; set; }

    /// <summary>The database in use: <see cref="Database"/>, else the connection string's, else <c>scim</c>.</summary>
    public string DatabaseName() =>
        string.IsNullOrWhiteSpace(Database) ? MongoUrl.Create(ConnectionString).DatabaseName ?? DefaultDatabase : Database;

    /// <summary>The driver's settings: the connection string's, with <see cref="ServerSelectionTimeout"/>.</summary>
    public MongoClientSettings ClientSettings()
    {
        var settings = MongoClientSettings.FromConnectionString(ConnectionString);
        settings.ServerSelectionTimeout = ServerSelectionTimeout;
        return settings;
    }
}
