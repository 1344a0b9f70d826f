using System.Globalization;
using System.Net;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Http;

/// <summary>Writes SCIM bodies and SCIM error bodies (RFC 7644 §3.12) as <c>application/scim+json</c>.</summary>
internal static class ScimResponses
{
    public static IResult Json(
        JObject body, HttpStatusCode status = HttpStatusCode.OK, string? etag = null, string? location = null, string mediaType = ScimMediaTypes.Scim) =>
        new ScimJsonResult(body, status, etag, location, mediaType);

    public static IResult Error(ScimError error) => new ScimJsonResult(ErrorBody(error), error.Status, null, null, ScimMediaTypes.Scim);

    public static IResult Status(HttpStatusCode status, string? etag = null) => new StatusResult(status, etag);

    public static JObject ErrorBody(ScimError error)
    {
        var body = new JObject
        {
            ["schemas"] = new JArray(ScimSchemaUrns.Error),
            ["status"] = ((int)error.Status).ToString(CultureInfo.InvariantCulture),
        };
        if (error.ScimType is not null)
        {
            body["scimType"] = error.ScimType;
        }

        body["detail"] = error.Detail;
        return body;
    }

    public static Task WriteErrorAsync(HttpContext context, ScimError error)
    {
        if (error.Status == HttpStatusCode.Unauthorized)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }

        return WriteAsync(context, ErrorBody(error), error.Status);
    }

    public static async Task WriteAsync(HttpContext context, JObject body, HttpStatusCode status, string mediaType = ScimMediaTypes.Scim)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await context.Response.WriteAsync(ScimJson.Serialize(body), context.RequestAborted);
    }

    private sealed class ScimJsonResult(JObject body, HttpStatusCode status, string? etag, string? location, string mediaType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (etag is not null)
            {
                httpContext.Response.Headers[HeaderNames.ETag] = etag;
            }

            if (location is not null)
            {
                httpContext.Response.Headers[HeaderNames.Location] = location;
            }

            if (status == HttpStatusCode.Unauthorized)
            {
                httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            }

            return WriteAsync(httpContext, body, status, mediaType);
        }
    }

    private sealed class StatusResult(HttpStatusCode status, string? etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = (int)status;
            if (etag is not null)
            {
                httpContext.Response.Headers[HeaderNames.ETag] = etag;
            }

            return Task.CompletedTask;
        }
    }
}
