using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScimServer.Hosting;
using ScimServer.Storage.MongoDb;
using ScimServer.Storage.Sqlite;

namespace ScimServer.Tests;

/// <summary>Storage:Provider picks the store and its settings reach it (wiring only: no MongoDB server is contacted).</summary>
public sealed class StorageSelectionTests
{
    [Fact]
    public async Task MongoDb_is_wired_with_its_connection_string_and_database()
    {
        await using var services = Wire(new()
        {
            ["Storage:Provider"] = "MongoDb",
            ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            ["Storage:MongoDatabase"] = "scim_load_run",
        });

        var options = services.GetRequiredService<MongoStoreOptions>();
        options.ConnectionString.Should().Be("mongodb://127.0.0.1:1/?replicaSet=rs0");
        options.Database.Should().Be("scim_load_run");
    }

    [Fact]
    public async Task MongoDb_uses_the_scim_database_unless_told_otherwise()
    {
        await using var services = Wire(new() { ["Storage:Provider"] = "MongoDb", ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/" });

        services.GetRequiredService<MongoStoreOptions>().Database.Should().Be("scim");
    }

    [Fact]
    public async Task Sqlite_is_the_default()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scim-wiring-{Guid.NewGuid():N}.db");
        await using var services = Wire(new() { ["Storage:SqlitePath"] = path });

        services.GetRequiredService<SqliteStoreOptions>().Path.Should().Be(path);
        services.GetService<MongoStoreOptions>().Should().BeNull();
    }

    private static ServiceProvider Wire(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddScimServer();
        return builder.Services.BuildServiceProvider();
    }
}
