using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using ScimServer.ApiDocs;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Rules;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Http;

namespace ScimServer.Endpoints;

/// <summary>
/// <c>/ServiceProviderConfig</c>, <c>/ResourceTypes</c> and <c>/Schemas</c> (RFC 7644 §4), generated from
/// <c>schemas/</c> and the server's options, so discovery says what the server really does.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static void MapDiscovery(this RouteGroupBuilder scim)
    {
        scim.MapGet("/ServiceProviderConfig", (HttpContext http, IOptions<ScimOptions> options) =>
            ScimResponses.Json(ServiceProviderConfig(options.Value, BaseUrl(http))))
            .WithMetadata(ScimApiOperations.Discovery("GetServiceProviderConfig", "What the server supports (RFC 7644 §4, RFC 7643 §5)."));

        scim.MapGet("/ResourceTypes", (HttpContext http, SchemaRegistry registry) =>
            ScimResponses.Json(List(registry.ResourceTypes.Select(t => WithLocation(t.Representation, BaseUrl(http))))))
            .WithMetadata(ScimApiOperations.DiscoveryList("ListResourceTypes", "The resource types (RFC 7643 §6)."));

        scim.MapGet("/ResourceTypes/{name}", (HttpContext http, string name, SchemaRegistry registry) =>
            registry.FindResourceType(name) is { } resourceType
                ? ScimResponses.Json(WithLocation(resourceType.Representation, BaseUrl(http)))
                : ScimResponses.Error(ScimError.NotFound($"Resource type '{name}' not found.")))
            .WithMetadata(ScimApiOperations.Discovery("GetResourceType", "One resource type (RFC 7643 §6).", byName: true));

        scim.MapGet("/Schemas", async (HttpContext http, SchemaRegistry registry, ITenantStore tenants) =>
        {
            var tenant = await TenantOf(http, tenants);
            return ScimResponses.Json(List(registry.Schemas.Select(s => ForTenant(s, tenant, BaseUrl(http)))));
        }).WithMetadata(ScimApiOperations.DiscoveryList("ListSchemas", "The schemas, with the tenant's role catalog (RFC 7643 §7)."));

        scim.MapGet("/Schemas/{urn}", async (HttpContext http, string urn, SchemaRegistry registry, ITenantStore tenants) =>
            registry.FindSchema(urn) is { } schema
                ? ScimResponses.Json(ForTenant(schema, await TenantOf(http, tenants), BaseUrl(http)))
                : ScimResponses.Error(ScimError.NotFound($"Schema '{urn}' not found.")))
            .WithMetadata(ScimApiOperations.Discovery("GetSchema", "One schema by its URN (RFC 7643 §7).", byName: true));
    }

    private static string BaseUrl(HttpContext http) => ScimEndpointFilter.ContextOf(http).BaseUrl;

    // Read on every request, never cached: a role added through /admin/tenants/{id} is in the next /Schemas.
    private static Task<TenantRecord?> TenantOf(HttpContext http, ITenantStore tenants) =>
        tenants.GetTenantAsync(ScimEndpointFilter.ContextOf(http).Tenant, http.RequestAborted);

    /// <summary>The schema as the calling tenant sees it: its role catalog as the roles' canonical values.</summary>
    private static JObject ForTenant(SchemaDefinition schema, TenantRecord? tenant, string baseUrl)
    {
        var representation = WithLocation(schema.Representation, baseUrl);
        return tenant is null ? representation : AccessRules.WithRoleCatalog(representation, tenant);
    }

    private static JObject ServiceProviderConfig(ScimOptions options, string baseUrl) => new()
    {
        ["schemas"] = new JArray(ScimSchemaUrns.ServiceProviderConfig),
        ["documentationUri"] = "https://www.rfc-editor.org/rfc/rfc7644",
        ["patch"] = new JObject { ["supported"] = ScimFeatures.Patch },
        ["bulk"] = new JObject
        {
            ["supported"] = ScimFeatures.Bulk,
            ["maxOperations"] = options.MaxOperations,
            ["maxPayloadSize"] = options.MaxPayloadBytes,
        },
        ["filter"] = new JObject { ["supported"] = true, ["maxResults"] = options.MaxResults },
        ["changePassword"] = new JObject { ["supported"] = ScimFeatures.ChangePassword },
        ["sort"] = new JObject { ["supported"] = true },
        ["etag"] = new JObject { ["supported"] = true },

        // RFC 9865 §4: both paging methods, index by default (what Entra ID and Okta use).
        ["pagination"] = new JObject
        {
            ["cursor"] = true,
            ["index"] = true,
            ["defaultPaginationMethod"] = "index",
            ["defaultPageSize"] = options.DefaultPageSize,
            ["maxPageSize"] = options.MaxResults,
            ["cursorTimeout"] = ScimFeatures.CursorTimeoutSeconds,
        },
        ["authenticationSchemes"] = new JArray(new JObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = "Authentication with a bearer token issued per tenant (Authorization: Bearer <token>).",
            ["specUri"] = "https://www.rfc-editor.org/info/rfc6750",
            ["primary"] = true,
        }),
        ["meta"] = new JObject
        {
            ["resourceType"] = "ServiceProviderConfig",
            ["location"] = $"{baseUrl}/ServiceProviderConfig",
        },
    };

    private static JObject List(IEnumerable<JObject> resources)
    {
        var array = new JArray(resources);
        return new JObject
        {
            ["schemas"] = new JArray(ScimSchemaUrns.ListResponse),
            ["totalResults"] = array.Count,
            ["itemsPerPage"] = array.Count,
            ["startIndex"] = 1,
            ["Resources"] = array,
        };
    }

    /// <summary>The schema files give relative locations; responses carry absolute ones.</summary>
    private static JObject WithLocation(JObject representation, string baseUrl)
    {
        var copy = (JObject)representation.DeepClone();
        if (copy["meta"] is JObject meta && (string?)meta["location"] is { } location && location.StartsWith('/'))
        {
            meta["location"] = baseUrl + location;
        }

        return copy;
    }
}
