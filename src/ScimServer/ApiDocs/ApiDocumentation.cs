using Microsoft.AspNetCore.Rewrite;
using NSwag;
using NSwag.AspNetCore;
using NSwag.Generation.AspNetCore;
using ScimServer.Http;

namespace ScimServer.ApiDocs;

/// <summary>
/// The two OpenAPI 3 documents (NSwag) and the Swagger UI: <c>/openapi/scim.json</c> for the SCIM API,
/// <c>/openapi/admin.json</c> for the admin API, OAuth and probes, and <c>/docs</c> to read and try both.
/// </summary>
internal static class ApiDocumentation
{
    public const string ScimDocument = "scim";
    public const string AdminDocument = "admin";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string UiPath = "/docs";
    public const string TokenPath = "/oauth/token";
    public const string TenantPrefix = "/tenants/{" + ScimEndpointFilter.TenantRouteValue + "}";
    public const string Bearer = "bearer";
    public const string OAuth2 = "oauth2";

    public static string DocumentUrl(string documentName) => DocumentPath.Replace("{documentName}", documentName, StringComparison.Ordinal);

    public static void AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ScimJsonSchemas>();
        services.AddOpenApiDocument((settings, provider) => Configure(settings, provider, ScimDocument,
            "ScimServer SCIM 2.0 API",
            "SCIM 2.0 (RFC 7643, RFC 7644; cursor paging RFC 9865) for Microsoft Entra ID, Okta and other provisioning clients. "
            + "Under /scim/v2 a tenant's bearer token (or an OAuth access token from /oauth/token) acts on its own tenant; "
            + "under /tenants/{tenant}/scim/v2 a server-admin token names the tenant."));
        services.AddOpenApiDocument((settings, provider) =>
        {
            Configure(settings, provider, AdminDocument,
                "ScimServer admin API",
                "Tenants, their bearer tokens and OAuth clients, audit log and service accounts (server-admin token), "
                + "the OAuth 2.0 token endpoint and the health probes.");
            settings.DocumentProcessors.Add(new ProbePaths());
        });
    }

    public static void UseApiDocumentation(this IApplicationBuilder app)
    {
        // The document's old address (Microsoft.AspNetCore.OpenApi served it) still leads to the SCIM document.
        app.UseRewriter(new RewriteOptions().AddRedirect(@"^openapi/v1\.json$", DocumentUrl(ScimDocument)[1..], StatusCodes.Status301MovedPermanently));
        app.UseOpenApi(settings =>
        {
            settings.Path = DocumentPath;

            // Swagger UI posts the client credentials to tokenUrl: the server's own address, as the client reached it.
            settings.CreateDocumentCacheKey = request => $"{request.Scheme}://{request.Host}{request.PathBase}";
            settings.PostProcess = (document, request) =>
            {
                foreach (var scheme in document.Components.SecuritySchemes.Values)
                {
                    if (scheme.Flows?.ClientCredentials is { } flow)
                    {
                        flow.TokenUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{TokenPath}";
                    }
                }
            };
        });
        app.UseSwaggerUi(settings =>
        {
            settings.Path = UiPath;
            settings.DocumentPath = DocumentPath;
            settings.PersistAuthorization = false;
        });
    }

    private static void Configure(AspNetCoreOpenApiDocumentGeneratorSettings settings, IServiceProvider provider, string name, string title, string description)
    {
        var schemas = provider.GetRequiredService<ScimJsonSchemas>();
        settings.DocumentName = name;
        settings.ApiGroupNames = [name];
        settings.Title = title;
        settings.Description = description;
        settings.Version = "2.0";
        settings.DocumentProcessors.Add(schemas);
        settings.OperationProcessors.Add(new ApiOperationProcessor(schemas));
        settings.AddSecurity(Bearer, new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A tenant's bearer token (POST /admin/tenants/{id}/tokens), an OAuth access token, or the server-admin token (Scim:AdminToken).",
        });
        settings.AddSecurity(OAuth2, new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.OAuth2,
            Description = "OAuth 2.0 client credentials (RFC 6749 §4.4) with a tenant's OAuth client (POST /admin/tenants/{id}/clients).",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = TokenPath, Scopes = new Dictionary<string, string>() },
            },
        });
    }
}
