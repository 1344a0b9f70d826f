using System.Text.Json;
using Microsoft.Net.Http.Headers;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;

namespace ScimServer.Http;

/// <summary>
/// Read responses written straight from the stored resources as they are rendered: no JObject, no string of the whole
/// body. A body under <see cref="ResponseBuffer.Limit"/> leaves in one write with its length; a larger one (a page of
/// 100) is sent whenever another <see cref="ResponseBuffer.Limit"/> is written, so it holds one chunk, not the whole
/// body, in memory.
/// </summary>
internal static class ScimStreamedResults
{
    public static IResult Resource(ResourceRepresentation resource) => new ResourceResult(resource);

    public static IResult List(ListResult list) => new ListResponseResult(list);

    private static ResponseBuffer Start(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ScimMediaTypes.Scim + "; charset=utf-8";
        return new ResponseBuffer(http.Response.BodyWriter);
    }

    private sealed class ResourceResult(ResourceRepresentation resource) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[HeaderNames.ETag] = resource.ETag;
            httpContext.Response.Headers[HeaderNames.Location] = resource.Location;
            using var buffer = Start(httpContext);
            using (var writer = new Utf8JsonWriter(buffer, ScimJson.WriterOptions))
            {
                resource.Write(writer);
            }

            await buffer.CompleteAsync(httpContext.Response, httpContext.RequestAborted);
        }
    }

    private sealed class ListResponseResult(ListResult list) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var body = httpContext.Response.BodyWriter;
            using var buffer = Start(httpContext);
            await using var writer = new Utf8JsonWriter(buffer, ScimJson.WriterOptions);
            list.WriteStart(writer);
            var sent = 0;
            foreach (var page in list.Pages)
            {
                for (var i = 0; i < page.Count; i++)
                {
                    page.Write(writer, i);
                    if (buffer.Written + writer.BytesPending - sent >= ResponseBuffer.Limit)
                    {
                        // The writer hands what it holds to the buffer (no I/O); the pipe sends it.
                        writer.Flush();
                        buffer.Spill();
                        sent = buffer.Written;
                        await body.FlushAsync(httpContext.RequestAborted);
                    }
                }
            }

            ListResult.WriteEnd(writer);
            writer.Flush();
            await buffer.CompleteAsync(httpContext.Response, httpContext.RequestAborted);
        }
    }
}
