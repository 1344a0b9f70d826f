using Microsoft.Extensions.DependencyInjection;

namespace ScimServer.Core.Storage;

/// <summary>The store contracts a server's store serves, named once for every store package's registration.</summary>
public static class StoreRegistration
{
    /// <summary>
    /// <typeparamref name="TStore"/> (one instance) as each store contract: resources, tenants, the audit log, event
    /// streams and start-up.
    /// </summary>
    public static IServiceCollection AddStoreContracts<TStore>(this IServiceCollection services)
        where TStore : class, IResourceStore, ITenantStore, IStoreInitializer, IAuditLog, IEventStreamStore
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<IResourceStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<ITenantStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IStoreInitializer>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IEventStreamStore>(provider => provider.GetRequiredService<TStore>());
        return services;
    }
}
