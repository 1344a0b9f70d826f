using Microsoft.Extensions.Options;
using ScimServer.ApiDocs;
using ScimServer.Core.Bulk;
using ScimServer.Core.Resources;
using ScimServer.Http;
using ScimServer.Telemetry;

namespace ScimServer.Endpoints;

/// <summary>The root endpoints: <c>POST /Bulk</c> (RFC 7644 §3.7) and <c>POST /.search</c> across every resource type (§3.4.3).</summary>
internal static class SearchEndpoints
{
    public static void MapBulk(this RouteGroupBuilder scim)
    {
        // RFC 7644 §3.7: the body limit (Scim:MaxPayloadBytes) is bulk.maxPayloadSize; over it is 413.
        scim.MapPost("/Bulk", async (HttpContext http, BulkProcessor bulk, IOptions<ScimOptions> options, ScimMetrics metrics) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var context = ScimEndpointFilter.ContextOf(http);
            var response = await bulk.ProcessAsync(context, body.Value, http.RequestAborted);
            if (response.IsSuccess)
            {
                BulkTelemetry.Record(metrics, context.Tenant, http.Request.ContentLength, response.Value);
            }

            return response.IsSuccess ? ScimResponses.Json(response.Value) : ScimResponses.Error(response.Error);
        }).WithMetadata(ScimApiOperations.Bulk());
    }

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
            return list.IsSuccess ? ScimStreamedResults.List(list.Value) : ScimResponses.Error(list.Error);
        }).WithMetadata(ScimApiOperations.SearchAll());
    }
}
