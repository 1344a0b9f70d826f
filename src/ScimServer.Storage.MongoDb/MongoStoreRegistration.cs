using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// The MongoDB store registers itself with a host, as OpenIddict's stores do: the host names the store and its settings,
/// the package knows which of the store contracts it serves.
/// </summary>
public static class MongoStoreRegistration
{
    /// <summary>
    /// The MongoDB store (a replica set, shared by every instance) as every store contract of the server (resources,
    /// tenants, audit log, event streams, start-up). Its schemas are the host's <see cref="SchemaRegistry"/> unless <paramref name="configure"/> sets them.
    /// </summary>
    public static IServiceCollection AddMongoStore(this IServiceCollection services, Action<MongoStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(provider =>
        {
            var options = new MongoStoreOptions();
            configure(options);
            options.Schemas ??= provider.GetRequiredService<SchemaRegistry>();
            return options;
        });
        return services.AddStoreContracts<MongoScimStore>();
    }
}
