using System.Net;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Http;

/// <summary>
/// Reads a SCIM request body: <c>application/scim+json</c> or <c>application/json</c> (else 415), at most
/// <c>Scim:MaxPayloadBytes</c> (else 413), well-formed JSON (else 400 <c>invalidSyntax</c>).
/// </summary>
internal static class ScimRequestBody
{
    public static async Task<ScimResult<JToken>> ReadAsync(HttpRequest request, long maxBytes)
    {
        var contentType = request.ContentType;
        if (contentType is not null && !IsJson(contentType))
        {
            return new ScimError(HttpStatusCode.UnsupportedMediaType, null,
                $"Content-Type '{contentType}' is not supported: send {ScimMediaTypes.Scim} or {ScimMediaTypes.Json}.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return ScimError.InvalidSyntax("The request body is empty.");
        }

        buffer.Position = 0;
        try
        {
            using var text = new StreamReader(buffer);
            using var reader = ScimJson.CreateReader(text);
            var token = JToken.ReadFrom(reader, ScimJson.LoadSettings);
            if (reader.Read())
            {
                return ScimError.InvalidSyntax("The request body has content after its JSON value.");
            }

            return token;
        }
        catch (JsonException e)
        {
            return ScimError.InvalidSyntax($"The request body is not valid JSON: {FirstSentence(e.Message)}");
        }
    }

    private static ScimError TooLarge(long maxBytes) =>
        new(HttpStatusCode.RequestEntityTooLarge, null, $"The request body is larger than the limit of {maxBytes} bytes.");

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (parsed.MediaType.Equals(ScimMediaTypes.Scim, StringComparison.OrdinalIgnoreCase)
            || parsed.MediaType.Equals(ScimMediaTypes.Json, StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
