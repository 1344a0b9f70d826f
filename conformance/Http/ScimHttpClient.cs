using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScimServer.Conformance.Http;

/// <summary>SCIM over HTTP and nothing else: JSON in and out, the bearer token, every exchange remembered.</summary>
internal sealed class ScimHttpClient(HttpClient http, Uri baseUrl, string? token)
{
    public const string ScimMediaType = "application/scim+json";

    private readonly string _base = baseUrl.ToString().TrimEnd('/');

    /// <summary>The last exchange, for scenarios that fail on something other than a response check.</summary>
    public Exchange? Last { get; private set; }

    public Task<Exchange> GetAsync(string path, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    public Task<Exchange> PostAsync(string path, JToken body, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, body.ToString(Formatting.Indented), headers);

    public Task<Exchange> PutAsync(string path, JToken body, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Put, path, body.ToString(Formatting.Indented), headers);

    public Task<Exchange> PatchAsync(string path, JToken body, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Patch, path, body.ToString(Formatting.Indented), headers);

    public Task<Exchange> DeleteAsync(string path, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Delete, path, null, headers);

    /// <summary>
    /// Sends <paramref name="body"/> verbatim (so malformed JSON can be sent). <paramref name="path"/> is relative
    /// to the base URL, or an absolute URL (a <c>Location</c> the server gave).
    /// </summary>
    public async Task<Exchange> SendAsync(HttpMethod method, string path, string? body, IDictionary<string, string>? headers = null)
    {
        var url = path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? path
            : _base + path;
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ScimMediaType));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, ScimMediaType);
        }

        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        var exchange = new Exchange
        {
            Method = method.Method,
            Url = url,
            RequestHeaders = headers is null ? new Dictionary<string, string>() : new Dictionary<string, string>(headers),
            RequestBody = body,
            Status = response.StatusCode,
            ResponseHeaders = responseHeaders,
            ResponseBody = text,
            Json = TryParse(text),
        };
        Last = exchange;
        return exchange;
    }

    private static JToken? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
