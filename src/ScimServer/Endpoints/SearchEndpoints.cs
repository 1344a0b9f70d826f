using Microsoft.Extensions.Options;
using ScimServer.Core.Resources;
using ScimServer.Http;

namespace ScimServer.Endpoints;

/// <summary><c>POST /.search</c> at the root (RFC 7644 §3.4.3): one search across every resource type.</summary>
internal static class SearchEndpoints
{
    public static void MapRootSearch(this RouteGroupBuilder scim)
    {
        scim.MapPost("/.search", async (HttpContext http, ResourceService service, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var request = ListRequestReader.FromSearchBody(body.Value);
            if (!request.IsSuccess)
            {
                return ScimResponses.Error(request.Error);
            }

            var list = await service.SearchAllAsync(ScimEndpointFilter.ContextOf(http), request.Value, http.RequestAborted);
            return list.IsSuccess ? ScimResponses.Json(list.Value.Body) : ScimResponses.Error(list.Error);
        });
    }
}
