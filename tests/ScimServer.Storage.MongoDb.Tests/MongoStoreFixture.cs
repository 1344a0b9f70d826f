using System.Net.Sockets;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// One MongoDB for the contract tests: the server at <c>SCIM_TEST_MONGODB_URI</c> (a replica set) when that is set,
/// else a <c>mongo:8.0</c> single-node replica set started by Testcontainers when Docker is reachable. With neither,
/// <see cref="SkipReason"/> says why and every contract test is reported as skipped. Each run uses a fresh database
/// and drops it at the end.
/// </summary>
public sealed class MongoStoreFixture : IAsyncLifetime
{
    public const string UriVariable = "SCIM_TEST_MONGODB_URI";

    private const string DockerSocket = "/var/run/docker.sock";

    private MongoDbContainer? container;
    private string? connectionString;

    /// <summary>Null when a MongoDB server can be reached; otherwise why the contract tests are skipped.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    public MongoScimStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        connectionString = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // Transactions need a replica set; the module initiates a single-node one.
            container = new MongoDbBuilder("mongo:8.0").WithReplicaSet("rs0").Build();
            await container.StartAsync();
            connectionString = container.GetConnectionString();
        }

        Store = new MongoScimStore(new MongoStoreOptions
        {
            ConnectionString = connectionString,
            Database = "scim_test_" + Guid.NewGuid().ToString("N"),
        });
        await Store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Store is not null && connectionString is not null)
        {
            using var client = new MongoClient(connectionString);
            await client.DropDatabaseAsync(Store.DatabaseName);
            Store.Dispose();
        }

        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    private static string? FindSkipReason()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(UriVariable))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST"))
            || DockerSocketAccepts())
        {
            return null;
        }

        return $"No MongoDB to test against: set {UriVariable} (a replica set) or make Docker reachable for Testcontainers.";
    }

    private static bool DockerSocketAccepts()
    {
        if (!File.Exists(DockerSocket))
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(DockerSocket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MongoStoreCollection : ICollectionFixture<MongoStoreFixture>
{
    public const string Name = "MongoDB store";
}
