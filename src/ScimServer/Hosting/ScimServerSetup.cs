using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ScimServer.Admin;
using ScimServer.AdminUi;
using ScimServer.ApiDocs;
using ScimServer.Core.Bulk;
using ScimServer.Core.Resources;
using ScimServer.Core.Events;
using ScimServer.Core.Schema;
using ScimServer.Core.Security;
using ScimServer.Core.Storage;
using ScimServer.Endpoints;
using ScimServer.Events;
using ScimServer.Http;
using ScimServer.OData;
using ScimServer.Security;
using ScimServer.Storage.MongoDb;
using ScimServer.Storage.Sqlite;
using ScimServer.Telemetry;

namespace ScimServer.Hosting;

/// <summary>Wires the server: options, the store chosen by <c>Storage:Provider</c>, Core services, endpoints.</summary>
internal static class ScimServerSetup
{
    // The key by which WebApplication learns that UseAuthentication was called (AuthAppBuilderExtensions); a call in a
    // branch sets it on the branch only.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string TenantsSegment = "/tenants";

    public static void AddScimServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.Configure<ScimOptions>(configuration.GetSection("Scim"));
        services.Configure<BootstrapOptions>(configuration.GetSection("Scim"));
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.SectionName));
        services.Configure<OAuthOptions>(configuration.GetSection("Scim"));
        services.Configure<AuthenticationLimitOptions>(configuration.GetSection("Scim"));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // SCIM responses carry user data: no product banner for a scanner to match against.
            kestrel.AddServerHeader = false;

            // Above RequestLimits' own, so that RequestLimitsMiddleware refuses with a SCIM body before Kestrel
            // would refuse with an empty one (Kestrel's refusals cannot carry a body).
            kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelMaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelMaxRequestHeadersBytes;
        });

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Provider.ToLowerInvariant())
        {
            case "sqlite":
                if (storage.SqliteWalSizeLimit <= 0)
                {
                    throw new InvalidOperationException(
                        $"Storage:SqliteWalSizeLimit must be a positive number of bytes (default {new SqliteStoreOptions().WalSizeLimit}, 64 MiB); it is {storage.SqliteWalSizeLimit}.");
                }

                services.AddSqliteStore(options =>
                {
                    options.Path = storage.SqlitePath;
                    options.WalSizeLimit = storage.SqliteWalSizeLimit;
                });
                break;
            case "mongodb":
                // Several instances share one MongoDB: a signing key of one process's own would make the OAuth tokens
                // one instance issues fail on every other (and all of them on a restart).
                if (string.IsNullOrWhiteSpace(configuration.GetSection("Scim").Get<OAuthOptions>()?.JwtSigningKey))
                {
                    throw new InvalidOperationException(
                        "Storage:Provider MongoDb needs Scim:JwtSigningKey (32 bytes or more, base64; e.g. openssl rand -base64 32), "
                        + "the same for every server instance: OAuth access tokens signed by one instance must verify on all.");
                }

                services.AddMongoStore(options =>
                {
                    options.ConnectionString = configuration.GetConnectionString("MongoDb") ?? "";
                    options.Database = storage.MongoDatabase;
                    options.ServerSelectionTimeout = storage.MongoServerSelectionTimeout;
                    options.OperationTimeout = storage.MongoOperationTimeout;
                });
                break;
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{storage.Provider}' is not available in this build; use 'Sqlite' or 'MongoDb'.");
        }

        // After the store's registration: spans and latency per store call, provisioning outcomes (Telemetry/).
        builder.AddScimTelemetry();
        builder.AddProvisioningEvents();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => SchemaRegistry.LoadEmbedded());
        services.AddSingleton(sp => new AttributeResolver(sp.GetRequiredService<SchemaRegistry>()));
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton(sp => new ResourceService(
            sp.GetRequiredService<IResourceStore>(),
            sp.GetRequiredService<ITenantStore>(),
            sp.GetRequiredService<AttributeResolver>(),
            sp.GetRequiredService<IPasswordHasher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ScimOptions>>().Value,
            sp.GetRequiredService<ChangeSignal>()));
        services.AddSingleton(sp => new BulkProcessor(sp.GetRequiredService<ResourceService>(), sp.GetRequiredService<IOptions<ScimOptions>>().Value));
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<BearerTokenAuthenticator>();
        services.AddSingleton<AuthenticationFailureLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<AuthenticationFailureLimiter>((limiter, failures) =>
        {
            limiter.GlobalLimiter = failures;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var detail = "Too many failed authentications from this address; try again later.";
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    detail = string.Create(CultureInfo.InvariantCulture, $"Too many failed authentications from this address; try again in {seconds} s.");
                }

                return new ValueTask(ScimResponses.WriteErrorAsync(rejected.HttpContext,
                    new Core.Protocol.ScimError(HttpStatusCode.TooManyRequests, null, detail)));
            };
        });
        services.Configure<AdminUiOptions>(configuration.GetSection(AdminUiOptions.SectionName));
        var adminUi = configuration.GetSection(AdminUiOptions.SectionName).Get<AdminUiOptions>() ?? new AdminUiOptions();
        services.AddSingleton<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider, ExplicitSchemeProvider>();
        services.AddAuthentication().AddCookie(AdminUiClaims.Scheme, cookie =>
        {
            cookie.Cookie.Name = "scim-admin-session";
            cookie.Cookie.Path = AdminUiEndpoints.BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(Math.Max(1, adminUi.IdleTimeoutMinutes));
            cookie.SlidingExpiration = true;

            // The page's API answers with SCIM errors, never with a redirect to a login page.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = "X-CSRF-Token";
            antiforgery.Cookie.Name = "scim-admin-csrf";
            antiforgery.Cookie.Path = AdminUiEndpoints.BasePath;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddSingleton<AdminUiSessions>();
        services.AddSingleton<AdminUiEndpointFilter>();
        services.AddSingleton<AdminEndpointFilter>();
        services.AddSingleton<TenantAdministration>();
        services.AddSingleton<ScimEndpointFilter>();
        services.AddSingleton<Bootstrapper>();

        // The read-only OData v4 access-review feed at /odata, over the same store port (OData/).
        services.Configure<ODataFeedOptions>(configuration.GetSection(ODataFeedOptions.SectionName));
        services.AddSingleton(_ => AccessReviewModel.Build());
        services.AddSingleton<FeedSchema>();
        services.AddSingleton<FeedRequestReader>();
        services.AddSingleton<AccessReviewFeed>();
        services.AddSingleton<ODataEndpointFilter>();

        // The OpenAPI documents (NSwag) of the SCIM and the admin API, and the Swagger UI at /docs.
        services.AddApiDocumentation();

        // /health/live: the process serves HTTP; /health/ready: and the store answers (for orchestrators' probes).
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
    }

    public static void MapScimServer(this WebApplication app)
    {
        // First, so that meta.location, Location headers and the per-address limiter see what the client sent to the
        // proxy (Entra ID requires the https Tenant URL); read at start-up, as a bad address should stop it.
        var forwarded = app.Configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>();
        if (forwarded?.Enabled == true)
        {
            app.UseForwardedHeaders(forwarded.ToOptions());
        }

        // Every response, errors included: SCIM bodies carry user data, so no caching and no content sniffing.
        app.UseSecurityHeaders(new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddCustomHeader("Cache-Control", "no-store")
            .RemoveServerHeader());
        app.UseRequestTelemetry();
        app.UseMiddleware<ScimErrorMiddleware>();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseRateLimiter();
        app.UseMetricsEndpoint();
        app.PrintWhenStarted();

        // The SCIM API and the OData feed need none of these: the documents, their UI and the page's files are served
        // elsewhere, and their requests authenticate with a bearer token in an endpoint filter. Skipping them is about a
        // tenth of a small SCIM read's CPU (issue 12).
        app.UseWhen(http => !IsBearerApi(http.Request.Path), outsideScim =>
        {
            outsideScim.UseApiDocumentation();
            outsideScim.UseAdminUiFiles();

            // The User Management page's cookie scheme is only ever asked for explicitly (AdminUiEndpointFilter); the
            // middleware stays for it and for IAuthenticationFeature, where WebApplication would put it for every request.
            outsideScim.UseAuthentication();
        });
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;

        app.MapRoot();
        app.MapAdminUi();
        
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapAdmin();
        app.MapOAuth();
        app.MapAccessReviewFeed();
        app.MapProvisioningEvents();

        var registry = app.Services.GetRequiredService<SchemaRegistry>();
        var filter = app.Services.GetRequiredService<ScimEndpointFilter>();
        foreach (var prefix in new[] { ScimRoutes.Prefix, $"/tenants/{{{ScimEndpointFilter.TenantRouteValue}}}{ScimRoutes.Prefix}" })
        {
            var scim = app.MapGroup(prefix).AddEndpointFilter(filter).WithGroupName(ApiDocumentation.ScimDocument);
            scim.MapDiscovery();
            scim.MapRootSearch();
            scim.MapBulk();
            foreach (var resourceType in registry.ResourceTypes)
            {
                scim.MapResource(resourceType);
            }
        }
    }

    // /scim/v2, /odata, and the server admin's /tenants/{tenant}/scim/v2 and /tenants/{tenant}/odata.
    private static bool IsBearerApi(PathString path) =>
        path.StartsWithSegments(ScimRoutes.Prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ODataEndpointFilter.Prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(TenantsSegment, StringComparison.OrdinalIgnoreCase);
}
