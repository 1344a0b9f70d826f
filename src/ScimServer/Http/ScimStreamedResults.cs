using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;

namespace ScimServer.Http;

/// <summary>
/// Read responses written straight to the response body as the stored resources are rendered: no JObject, no string
/// of the whole body. What a page has written is sent whenever it passes <see cref="FlushThreshold"/>, so a page of
/// 100 holds one chunk, not the whole body, in memory.
/// </summary>
internal static class ScimStreamedResults
{
    private const int FlushThreshold = 16 * 1024;

    public static IResult Resource(ResourceRepresentation resource) => new ResourceResult(resource);

    public static IResult List(ListResult list) => new ListResponseResult(list);

    private static Utf8JsonWriter Start(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ScimMediaTypes.Scim + "; charset=utf-8";
        return new Utf8JsonWriter(http.Response.BodyWriter, ScimJson.WriterOptions);
    }

    private static async Task FlushAsync(Utf8JsonWriter writer, PipeWriter body, CancellationToken cancellationToken)
    {
        // The writer hands what it holds to the pipe (no I/O); the pipe sends it.
        writer.Flush();
        await body.FlushAsync(cancellationToken);
    }

    private sealed class ResourceResult(ResourceRepresentation resource) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[HeaderNames.ETag] = resource.ETag;
            httpContext.Response.Headers[HeaderNames.Location] = resource.Location;
            await using var writer = Start(httpContext);
            resource.Write(writer);
            await FlushAsync(writer, httpContext.Response.BodyWriter, httpContext.RequestAborted);
        }
    }

    private sealed class ListResponseResult(ListResult list) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var body = httpContext.Response.BodyWriter;
            await using var writer = Start(httpContext);
            list.WriteStart(writer);
            foreach (var page in list.Pages)
            {
                for (var i = 0; i < page.Count; i++)
                {
                    page.Write(writer, i);
                    if (writer.BytesPending >= FlushThreshold)
                    {
                        await FlushAsync(writer, body, httpContext.RequestAborted);
                    }
                }
            }

            ListResult.WriteEnd(writer);
            await FlushAsync(writer, body, httpContext.RequestAborted);
        }
    }
}
