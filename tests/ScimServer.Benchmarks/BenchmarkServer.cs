using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Security;
using ScimServer.Core.Storage;
using ScimServer.Storage.Sqlite;

namespace ScimServer.Benchmarks;

/// <summary>The Core services over a fresh SQLite file, as the web host wires them, without HTTP.</summary>
internal sealed class BenchmarkServer : IDisposable
{
    public const string Tenant = "bench";

    private readonly string _directory = Directory.CreateTempSubdirectory("scim-bench-").FullName;

    public BenchmarkServer()
    {
        Store = new SqliteScimStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "bench.db") });
        Store.InitializeAsync().GetAwaiter().GetResult();
        Store.CreateTenantAsync(new TenantRecord { Id = Tenant, Name = "Benchmarks", Created = DateTimeOffset.UtcNow }).GetAwaiter().GetResult();
        Registry = SchemaRegistry.LoadEmbedded();
        Service = new ResourceService(Store, Store, new AttributeResolver(Registry), new NoPasswords(), TimeProvider.System, new ScimOptions());
        Context = new ScimRequestContext(Tenant, "http://bench/scim/v2");
    }

    public SqliteScimStore Store { get; }
    public SchemaRegistry Registry { get; }
    public ResourceService Service { get; }
    public ScimRequestContext Context { get; }

    /// <summary>Creates <paramref name="count"/> users straight through the store (setup, not measured).</summary>
    public async Task<IReadOnlyList<string>> SeedUsersAsync(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7().ToString();
            var userName = $"user{i}@bench.example";
            var document = Newtonsoft.Json.Linq.JObject.FromObject(new { schemas = new[] { ScimSchemaUrns.User }, userName });
            await Store.CreateAsync(new StoredResource
            {
                Tenant = Tenant,
                ResourceType = ScimResourceTypes.User,
                Id = id,
                Version = 1,
                Created = now,
                LastModified = now,
                Document = document,
                UniqueKey = ScimText.Fold(userName),
            });
            ids.Add(id);
        }

        return ids;
    }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private sealed class NoPasswords : IPasswordHasher
    {
        public string Hash(string password) => throw new NotSupportedException("The benchmarks send no passwords.");
    }
}
