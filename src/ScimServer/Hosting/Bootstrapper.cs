using Microsoft.Extensions.Options;
using ScimServer.Core.Storage;
using ScimServer.Security;

namespace ScimServer.Hosting;

/// <summary>
/// First start: prepares the store, and when there is no tenant yet creates tenant <c>default</c> with a bearer
/// token, and a server-admin token — the configured values, or random ones printed once to the console.
/// </summary>
internal sealed class Bootstrapper(
    IStoreInitializer initializer,
    ITenantStore tenants,
    IOptions<BootstrapOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<Bootstrapper> logger)
{
    public const string DefaultTenant = "default";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await initializer.InitializeAsync(cancellationToken);
        Log.StoreReady(logger, storage.Value.Provider, storage.Value.Provider == "Sqlite" ? Path.GetFullPath(storage.Value.SqlitePath) : "(connection string)");

        var configured = options.Value;
        var tenantList = await tenants.ListTenantsAsync(cancellationToken);
        if (tenantList.Count == 0)
        {
            await tenants.CreateTenantAsync(new TenantRecord { Id = DefaultTenant, Name = "Default", Created = time.GetUtcNow() }, cancellationToken: cancellationToken);
            var secret = await IssueAsync(DefaultTenant, "bootstrap", configured.BootstrapToken, cancellationToken);
            Announce(string.IsNullOrEmpty(configured.BootstrapToken)
                ? $"Created tenant '{DefaultTenant}'. Its bearer token (shown once, store it now): {secret}"
                : $"Created tenant '{DefaultTenant}' with the bearer token set in Scim:BootstrapToken.");
        }
        else if (configured.BootstrapToken is { Length: > 0 } bootstrap && tenantList.Any(t => t.Id == DefaultTenant))
        {
            // A configured token keeps working across restarts and is added if the data file predates it.
            await IssueAsync(DefaultTenant, "bootstrap", bootstrap, cancellationToken);
        }

        if (configured.AdminToken is { Length: > 0 } admin)
        {
            await IssueAsync(null, "server-admin", admin, cancellationToken);
        }
        else if (!await tenants.AnyServerAdminTokenAsync(cancellationToken))
        {
            var secret = await IssueAsync(null, "server-admin", null, cancellationToken);
            Announce($"Server-admin token (shown once, store it now): {secret}");
        }
    }

    /// <summary>Stores a token; returns its secret if it was newly stored, null if it already existed.</summary>
    private async Task<string?> IssueAsync(string? tenant, string name, string? configuredSecret, CancellationToken cancellationToken)
    {
        var secret = string.IsNullOrEmpty(configuredSecret) ? TokenSecrets.NewSecret() : configuredSecret;
        var hash = TokenSecrets.Hash(secret);
        if (await tenants.FindTokenAsync(hash, cancellationToken) is not null)
        {
            return null;
        }

        await tenants.CreateTokenAsync(
            new TokenRecord { Id = Guid.CreateVersion7().ToString(), Tenant = tenant, Name = name, Sha256 = hash, Created = time.GetUtcNow() },
            cancellationToken: cancellationToken);
        return secret;
    }

    // Secrets go to the console only, never to the log pipeline, which may ship them elsewhere.
    private static void Announce(string message) => Console.Out.WriteLine(message);
}
