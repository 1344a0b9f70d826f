using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Storage;
using ScimServer.Storage.Sqlite;

namespace ScimServer.Tests.Infrastructure;

/// <summary>
/// The real server in memory on its own fresh SQLite file, with known bootstrap and admin tokens.
/// Each instance is isolated: a test class that needs a clean tenant owns one.
/// </summary>
public sealed class ScimServerFactory : WebApplicationFactory<Program>
{
    public const string TenantToken = "test-tenant-token";
    public const string AdminToken = "test-admin-token";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scim-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_directory, "scim.db");

    public Dictionary<string, string?> Settings { get; } = new();

    public ScimClient CreateScimClient(string token = TenantToken, string prefix = "/scim/v2")
    {
        var client = CreateClient();
        return new ScimClient(client, token, prefix);
    }

    /// <summary>A client of this server whose store counts its calls, and that store.</summary>
    public (ScimClient Client, CountingStore Store) CreateCountingClient()
    {
        var host = WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IResourceStore>(sp => new CountingStore(sp.GetRequiredService<SqliteScimStore>()))));
        return (new ScimClient(host.CreateClient(), TenantToken, "/scim/v2"), (CountingStore)host.Services.GetRequiredService<IResourceStore>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:SqlitePath", DatabasePath);
        builder.UseSetting("Scim:BootstrapToken", TenantToken);
        builder.UseSetting("Scim:AdminToken", AdminToken);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
