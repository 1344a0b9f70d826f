using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ScimServer.OData;

/// <summary>Writes OData JSON (OData v4 JSON Format, minimal metadata) and OData error bodies.</summary>
internal static class ODataResponses
{
    public const string JsonMediaType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false";
    private const string VersionHeader = "OData-Version";

    /// <summary>
    /// The challenges of a 401: Basic first, as Excel's and Power BI's OData connectors understand it (the token is the
    /// password), and Bearer for every other client.
    /// </summary>
    private static readonly StringValues Challenges = new(["Basic realm=\"ScimServer OData\", charset=\"UTF-8\"", "Bearer"]);

    /// <summary>OData JSON error (§21.1 of the JSON Format): <c>{"error":{"code","message"}}</c>.</summary>
    public static IResult Error(HttpStatusCode status, string message) => new JsonBodyResult(status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", status.ToString());
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static IResult Json(Action<Utf8JsonWriter> write) => new JsonBodyResult(HttpStatusCode.OK, write);

    public static IResult Xml(byte[] utf8) => new XmlResult(utf8);

    private sealed class JsonBodyResult(HttpStatusCode status, Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = (int)status;
            response.ContentType = JsonMediaType;
            response.Headers[VersionHeader] = "4.0";
            if (status == HttpStatusCode.Unauthorized)
            {
                response.Headers[HeaderNames.WWWAuthenticate] = Challenges;
            }

            await using var writer = new Utf8JsonWriter(response.Body);
            write(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    private sealed class XmlResult(byte[] utf8) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/xml; charset=utf-8";
            httpContext.Response.Headers[VersionHeader] = "4.0";
            await httpContext.Response.Body.WriteAsync(utf8, httpContext.RequestAborted);
        }
    }

    public static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case DateTimeOffset instant:
                writer.WriteString(name, instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case IEnumerable<string> texts:
                writer.WriteStartArray(name);
                foreach (var text in texts)
                {
                    writer.WriteStringValue(text);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"No OData JSON form for {value.GetType().Name}.");
        }
    }
}
