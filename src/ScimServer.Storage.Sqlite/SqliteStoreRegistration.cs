using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The SQLite store registers itself with a host, as OpenIddict's stores do: the host names the store and its settings,
/// the package knows which of the store contracts it serves.
/// </summary>
public static class SqliteStoreRegistration
{
    /// <summary>
    /// The embedded SQLite store as every store contract of the server (resources, tenants, audit log, event streams,
    /// start-up). Its schemas are the host's <see cref="SchemaRegistry"/> unless <paramref name="configure"/> sets them.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(provider =>
        {
            var options = new SqliteStoreOptions();
            configure(options);
            options.Schemas ??= provider.GetRequiredService<SchemaRegistry>();
            return options;
        });
        return services.AddStoreContracts<SqliteScimStore>();
    }
}
