using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ScimServer.Http;

namespace ScimServer.Hosting;

/// <summary>
/// Once the server listens, prints what a newcomer needs first: the SCIM base URL to paste into an identity provider
/// (Entra ID's "Tenant URL", Okta's "SCIM connector base URL") and where the data file is.
/// </summary>
internal static class StartupBanner
{
    public const string BaseUrlMarker = "SCIM base URL:";
    public const string DataFileMarker = "Data file:";

    public static void PrintWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Console.Out.WriteLine($"{BaseUrlMarker} {Reachable(address)}{ScimRoutes.Prefix}");
            }

            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (string.Equals(storage.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            {
                Console.Out.WriteLine($"{DataFileMarker} {Path.GetFullPath(storage.SqlitePath)}");
            }
        });
    }

    // A wildcard listen address (http://+:8080, http://0.0.0.0:8080, http://[::]:8080) is not a URL anyone can open.
    private static string Reachable(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return address.TrimEnd('/');
        }

        var builder = new UriBuilder(uri);
        if (uri.Host is "0.0.0.0" or "[::]")
        {
            builder.Host = "localhost";
        }

        return builder.Uri.GetLeftPart(UriPartial.Authority);
    }
}
