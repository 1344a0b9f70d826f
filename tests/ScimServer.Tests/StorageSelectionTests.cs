using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScimServer.Core.Storage;
using ScimServer.Events;
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
            ["Scim:JwtSigningKey"] = SigningKey,
        });

        var options = services.GetRequiredService<MongoStoreOptions>();
        options.ConnectionString.Should().Be("mongodb://127.0.0.1:1/?replicaSet=rs0");
        options.DatabaseName().Should().Be("scim_load_run");
        options.ServerSelectionTimeout.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("mongodb://127.0.0.1:1/", null, "scim")]
    [InlineData("mongodb://127.0.0.1:1/scim_prod?replicaSet=rs0", null, "scim_prod")]
    [InlineData("mongodb://127.0.0.1:1/scim_prod?replicaSet=rs0", "scim_other", "scim_other")]
    public async Task MongoDb_uses_the_configured_database_else_the_connection_strings_else_scim(string connectionString, string? configured, string expected)
    {
        await using var services = Wire(new()
        {
            ["Storage:Provider"] = "MongoDb",
            ["ConnectionStrings:MongoDb"] = connectionString,
            ["Storage:MongoDatabase"] = configured,
            ["Scim:JwtSigningKey"] = SigningKey,
        });

        services.GetRequiredService<MongoStoreOptions>().DatabaseName().Should().Be(expected);
    }

    [Fact]
    public async Task MongoDb_server_selection_timeout_comes_from_configuration_and_reaches_the_driver()
    {
        await using var services = Wire(new()
        {
            ["Storage:Provider"] = "MongoDb",
            ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            ["Storage:MongoServerSelectionTimeout"] = "00:00:02",
            ["Scim:JwtSigningKey"] = SigningKey,
        });

        var settings = services.GetRequiredService<MongoStoreOptions>().ClientSettings();
        settings.ServerSelectionTimeout.Should().Be(TimeSpan.FromSeconds(2));
        settings.ReplicaSetName.Should().Be("rs0");
    }

    [Fact]
    public async Task MongoDb_operation_time_limit_comes_from_configuration()
    {
        await using var services = Wire(new()
        {
            ["Storage:Provider"] = "MongoDb",
            ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            ["Storage:MongoOperationTimeout"] = "00:00:05",
            ["Scim:JwtSigningKey"] = SigningKey,
        });

        services.GetRequiredService<MongoStoreOptions>().OperationTimeout.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void MongoDb_refuses_to_start_without_a_shared_OAuth_signing_key()
    {
        var wiring = () => Wire(new() { ["Storage:Provider"] = "MongoDb", ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/?replicaSet=rs0" });

        wiring.Should().Throw<InvalidOperationException>().WithMessage("Storage:Provider MongoDb needs Scim:JwtSigningKey*same for every server instance*");
    }

    [Fact]
    public async Task MongoDb_keeps_event_streams_and_runs_the_push_delivery()
    {
        await using var services = Wire(new()
        {
            ["Storage:Provider"] = "MongoDb",
            ["ConnectionStrings:MongoDb"] = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            ["Scim:JwtSigningKey"] = SigningKey,
        });

        services.GetRequiredService<IEventStreamStore>().Should().BeSameAs(services.GetRequiredService<MongoScimStore>());
        services.GetServices<IHostedService>().OfType<PushDeliveryService>().Should().ContainSingle();
    }

    [Fact]
    public async Task Sqlite_is_the_default()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scim-wiring-{Guid.NewGuid():N}.db");
        await using var services = Wire(new() { ["Storage:SqlitePath"] = path });

        services.GetRequiredService<SqliteStoreOptions>().Path.Should().Be(path);
        services.GetService<MongoStoreOptions>().Should().BeNull();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Sqlite_refuses_to_start_with_a_WAL_size_limit_that_is_not_positive(string limit)
    {
        var wiring = () => Wire(new() { ["Storage:SqliteWalSizeLimit"] = limit });

        wiring.Should().Throw<InvalidOperationException>().WithMessage($"Storage:SqliteWalSizeLimit must be a positive number of bytes*it is {limit}.");
    }

    private const string SigningKey = "c2lnbmluZy1rZXktb2YtYXQtbGVhc3QtMzItYnl0ZXMtbG9uZw==";

    private static ServiceProvider Wire(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddScimServer();
        return builder.Services.BuildServiceProvider();
    }
}
