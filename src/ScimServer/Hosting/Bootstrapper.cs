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
        // Several instances may start on one empty database at once: the tenant's fixed id and the generated tokens'
        // fixed ids make the store refuse every second creation (Conflict), and only the instance whose write won
        // prints a secret, so there is one tenant 'default', one bootstrap token and one server-admin token.
        if (tenantList.Count == 0
            && await tenants.CreateTenantAsync(new TenantRecord { Id = DefaultTenant, Name = "Default", Created = time.GetUtcNow() }, cancellationToken: cancellationToken)
                == StoreOutcome.Ok)
        {
            var secret = await IssueAsync(DefaultTenant, "bootstrap", configured.BootstrapToken, cancellationToken, GeneratedBootstrapTokenId);
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
        else if (!await tenants.AnyServerAdminTokenAsync(cancellationToken)
                 && await IssueAsync(null, "server-admin", null, cancellationToken, GeneratedAdminTokenId) is { } secret)
        {
            Announce($"Server-admin token (shown once, store it now): {secret}");
        }
    }

    /// <summary>The id of the first start's generated tenant token: a second instance racing to create it is refused.</summary>
    internal const string GeneratedBootstrapTokenId = "bootstrap-default";

    /// <summary>The id of the first start's generated server-admin token, for the same reason.</summary>
    internal const string GeneratedAdminTokenId = "bootstrap-server-admin";

    /// <summary>
    /// Stores a token; returns its secret if it was newly stored, null if it already existed or another instance
    /// stored the token of this <paramref name="fixedId"/> first. A configured secret gets a fresh id (a new one
    /// configured later must not meet the old one's id).
    /// </summary>
    private async Task<string?> IssueAsync(
        string? tenant, string name, string? configuredSecret, CancellationToken cancellationToken, string? fixedId = null)
    {
        var secret = string.IsNullOrEmpty(configuredSecret) ? TokenSecrets.NewSecret() : configuredSecret;
        var hash = TokenSecrets.Hash(secret);
        if (await tenants.FindTokenAsync(hash, cancellationToken) is not null)
        {
            return null;
        }

        var id = string.IsNullOrEmpty(configuredSecret) && fixedId is not null ? fixedId : Guid.CreateVersion7().ToString();
        var outcome = await tenants.CreateTokenAsync(
            new TokenRecord { Id = id, Tenant = tenant, Name = name, Sha256 = hash, Created = time.GetUtcNow() },
            cancellationToken: cancellationToken);
        return outcome == StoreOutcome.Ok ? secret : null;
    }

    // Secrets go to the console only, never to the log pipeline, which may ship them elsewhere.
    private static void Announce(string message) => Console.Out.WriteLine(message);
}
