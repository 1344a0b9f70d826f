using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using ScimServer.ApiDocs;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Http;

namespace ScimServer.Endpoints;

/// <summary>The endpoints of one resource type (RFC 7644 §3.3–§3.6): <c>/Users</c>, <c>/Groups</c>.</summary>
internal static class ResourceEndpoints
{
    public static void MapResource(this RouteGroupBuilder scim, ResourceTypeDefinition resourceType)
    {
        var group = scim.MapGroup(resourceType.Endpoint);

        // The reads take the singleton directly: a parameter resolved from the request's services would create and
        // dispose a service scope on every request, for nothing else needs one (issue 12).
        var reads = ((IEndpointRouteBuilder)scim).ServiceProvider.GetRequiredService<ResourceService>();

        // A Delegate, not a RequestDelegate: its IResult is written to the response.
        group.MapGet("", (Delegate)((HttpContext http) =>
            ListAsync(http, reads, resourceType, ListRequestReader.FromQuery(http.Request.Query))))
            .WithMetadata(ScimApiOperations.List(resourceType));

        group.MapPost("/.search", async (HttpContext http, ResourceService service, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            return body.IsSuccess
                ? await ListAsync(http, service, resourceType, ListRequestReader.FromSearchBody(body.Value))
                : ScimResponses.Error(body.Error);
        }).WithMetadata(ScimApiOperations.Search(resourceType));

        group.MapPost("", async (HttpContext http, ResourceService service, IOptions<ScimOptions> options) =>
        {
            var request = await ReadWriteRequestAsync(http, service, resourceType, options.Value);
            if (!request.IsSuccess)
            {
                return ScimResponses.Error(request.Error);
            }

            var (selection, body) = request.Value;

            var created = await service.CreateAsync(ScimEndpointFilter.ContextOf(http), resourceType, body, selection, http.RequestAborted);
            return created.IsSuccess
                ? ScimResponses.Json(created.Value.Body, HttpStatusCode.Created, created.Value.ETag, created.Value.Location)
                : ScimResponses.Error(created.Error);
        }).WithMetadata(ScimApiOperations.Create(resourceType));

        group.MapGet("/{id}", async (HttpContext http, string id) =>
        {
            var service = reads;
            var selection = SelectionOf(http, service, resourceType);
            if (!selection.IsSuccess)
            {
                return ScimResponses.Error(selection.Error);
            }

            var found = await service.GetAsync(ScimEndpointFilter.ContextOf(http), resourceType, id, selection.Value, http.RequestAborted);
            if (!found.IsSuccess)
            {
                return ScimResponses.Error(found.Error);
            }

            // RFC 7644 §3.14: a GET whose If-None-Match names the current version is answered 304 without a body.
            var ifNoneMatch = http.Request.Headers[HeaderNames.IfNoneMatch].ToString();
            if (ifNoneMatch.Length > 0 && EntityTag.Matches(ifNoneMatch, found.Value.Version))
            {
                return ScimResponses.Status(HttpStatusCode.NotModified, found.Value.ETag);
            }

            return ScimStreamedResults.Resource(found.Value);
        }).WithMetadata(ScimApiOperations.Get(resourceType));

        group.MapPut("/{id}", async (HttpContext http, string id, ResourceService service, IOptions<ScimOptions> options) =>
        {
            var request = await ReadWriteRequestAsync(http, service, resourceType, options.Value);
            if (!request.IsSuccess)
            {
                return ScimResponses.Error(request.Error);
            }

            var (selection, body) = request.Value;

            var replaced = await service.ReplaceAsync(
                ScimEndpointFilter.ContextOf(http), resourceType, id, body, IfMatch(http), selection, http.RequestAborted);
            return replaced.IsSuccess
                ? ScimResponses.Json(replaced.Value.Body, HttpStatusCode.OK, replaced.Value.ETag, replaced.Value.Location)
                : ScimResponses.Error(replaced.Error);
        }).WithMetadata(ScimApiOperations.Replace(resourceType));

        group.MapPatch("/{id}", async (HttpContext http, string id, ResourceService service, IOptions<ScimOptions> options) =>
        {
            var request = await ReadWriteRequestAsync(http, service, resourceType, options.Value);
            if (!request.IsSuccess)
            {
                return ScimResponses.Error(request.Error);
            }

            var (selection, body) = request.Value;

            var wantsRepresentation = WantsRepresentation(http, resourceType);
            var patched = await service.PatchAsync(
                ScimEndpointFilter.ContextOf(http),
                resourceType,
                id,
                body,
                IfMatch(http),
                wantsRepresentation ? selection : null,
                http.RequestAborted);
            if (!patched.IsSuccess)
            {
                return ScimResponses.Error(patched.Error);
            }

            return wantsRepresentation
                ? ScimResponses.Json(patched.Value.Body, HttpStatusCode.OK, patched.Value.ETag, patched.Value.Location)
                : ScimResponses.Status(HttpStatusCode.NoContent, patched.Value.ETag);
        }).WithMetadata(ScimApiOperations.Patch(resourceType));

        group.MapDelete("/{id}", async (HttpContext http, string id, ResourceService service) =>
        {
            var deleted = await service.DeleteAsync(ScimEndpointFilter.ContextOf(http), resourceType, id, IfMatch(http), http.RequestAborted);
            return deleted.IsSuccess ? ScimResponses.Status(HttpStatusCode.NoContent) : ScimResponses.Error(deleted.Error);
        }).WithMetadata(ScimApiOperations.Delete(resourceType));
    }

    public static async Task<IResult> ListAsync(HttpContext http, ResourceService service, ResourceTypeDefinition resourceType, ScimResult<ListRequest> request)
    {
        if (!request.IsSuccess)
        {
            return ScimResponses.Error(request.Error);
        }

        var list = await service.ListAsync(ScimEndpointFilter.ContextOf(http), resourceType, request.Value, http.RequestAborted);
        return list.IsSuccess ? ScimStreamedResults.List(list.Value) : ScimResponses.Error(list.Error);
    }

    /// <summary>What every write reads first: the response's attribute selection, then the body.</summary>
    private static async Task<ScimResult<(AttributeSelection Selection, JToken Body)>> ReadWriteRequestAsync(
        HttpContext http, ResourceService service, ResourceTypeDefinition resourceType, ScimOptions options)
    {
        var selection = SelectionOf(http, service, resourceType);
        if (!selection.IsSuccess)
        {
            return selection.Error;
        }

        var body = await ScimRequestBody.ReadAsync(http.Request, options.MaxPayloadBytes);
        return body.IsSuccess ? (selection.Value, body.Value) : body.Error;
    }

    private static ScimResult<AttributeSelection> SelectionOf(HttpContext http, ResourceService service, ResourceTypeDefinition resourceType) =>
        AttributeSelection.Parse(
            service.Resolver,
            resourceType,
            http.Request.Query["attributes"].ToString(),
            http.Request.Query["excludedAttributes"].ToString());

    /// <summary>
    /// RFC 7644 §3.5.2 lets PATCH answer 200 with the resource or 204. Users get the resource; groups get 204 (what
    /// Microsoft Entra ID expects, and a group's members can be many) unless the client asks for attributes.
    /// <c>Prefer: return=minimal</c> / <c>return=representation</c> (RFC 7240) decide for either.
    /// </summary>
    private static bool WantsRepresentation(HttpContext http, ResourceTypeDefinition resourceType)
    {
        var prefer = http.Request.Headers["Prefer"].ToString();
        if (prefer.Contains("return=minimal", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (prefer.Contains("return=representation", StringComparison.OrdinalIgnoreCase)
            || http.Request.Query.ContainsKey("attributes") || http.Request.Query.ContainsKey("excludedAttributes"))
        {
            return true;
        }

        return resourceType.Name != ScimResourceTypes.Group;
    }

    private static string? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers[HeaderNames.IfMatch].ToString();
        return value.Length == 0 ? null : value;
    }
}
