using ScimServer.Core.Events;

namespace ScimServer.Events;

/// <summary>Wires provisioning events (RFC 9967): options, the SET signer, the feed over the audit log, the endpoints.</summary>
internal static class EventSetup
{
    public static void AddProvisioningEvents(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EventOptions>(builder.Configuration.GetSection(EventOptions.SectionName));
        builder.Services.AddSingleton<SetSigner>();
        builder.Services.AddSingleton<ISetSigner>(sp => sp.GetRequiredService<SetSigner>());
        builder.Services.AddSingleton<SharedSets>();
        builder.Services.AddSingleton<PushStreamSignal>();
        builder.Services.AddSingleton<ProvisioningEvents>();
        builder.Services.AddSingleton<ChangeSignal>();
        builder.Services.AddSingleton<EventFeed>();
        builder.Services.AddHttpClient(PushDeliveryService.ClientName);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventOptions>>().Value;
            return new DeliveryScheduler(Math.Max(1, options.DeliveryThreads), Math.Clamp(options.DeliveryNice, 0, 19));
        });
        builder.Services.AddHostedService<PushDeliveryService>();
    }

    /// <summary>Maps the event endpoints where the store keeps streams (both stores do).</summary>
    public static void MapProvisioningEvents(this WebApplication app)
    {
        if (app.Services.GetService<Core.Storage.IEventStreamStore>() is not null)
        {
            app.MapEvents();
        }
    }
}
