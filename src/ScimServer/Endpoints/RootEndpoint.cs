using Newtonsoft.Json.Linq;
using ScimServer.ApiDocs;
using ScimServer.Http;

namespace ScimServer.Endpoints;

/// <summary><c>GET /</c>: where to go from here, for a person who opens the server's address in a browser or curl.</summary>
internal static class RootEndpoint
{
    public static void MapRoot(this WebApplication app)
    {
        app.MapGet("/", () => ScimResponses.Json(
            new JObject
            {
                ["name"] = "ScimServer",
                ["scim"] = ScimRoutes.Prefix,
                ["serviceProviderConfig"] = ScimRoutes.Prefix + "/ServiceProviderConfig",
                ["openapi"] = new JObject
                {
                    ["scim"] = ApiDocumentation.DocumentUrl(ApiDocumentation.ScimDocument),
                    ["admin"] = ApiDocumentation.DocumentUrl(ApiDocumentation.AdminDocument),
                },
                ["docs"] = ApiDocumentation.UiPath,
                ["userManagement"] = AdminUi.AdminUiEndpoints.BasePath + "/",
                ["health"] = "/health/ready",
                ["detail"] = $"SCIM 2.0 (RFC 7643, RFC 7644) is served under {ScimRoutes.Prefix} with Authorization: Bearer <token>; " +
                    $"the OpenAPI documents list every endpoint, and {ApiDocumentation.UiPath} shows them.",
            },
            mediaType: ScimMediaTypes.Json))
            .WithGroupName(ApiDocumentation.AdminDocument)
            .WithMetadata(AdminApiOperations.Root());
    }
}
