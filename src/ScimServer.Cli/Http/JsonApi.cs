using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Http;

/// <summary>
/// JSON over HTTP with a bearer token. Reads (GET) are retried on a connection failure or a 5xx, since they are
/// idempotent; writes are sent once, so a failed write is reported, never silently repeated.
/// </summary>
internal class JsonApi(HttpClient http, string prefix)
{
    private const int ReadAttempts = 3;
    private static readonly JsonSerializerSettings Settings = new() { DateParseHandling = DateParseHandling.None };

    protected async Task<JObject?> SendAsync(HttpMethod method, string path, JObject? body, CancellationToken cancellationToken)
    {
        var attempts = method == HttpMethod.Get ? ReadAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, path, body, cancellationToken);
            }
            catch (ServerFailureException failure) when (attempt < attempts && (failure.Status is null || (int)failure.Status >= 500))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private async Task<JObject?> SendOnceAsync(HttpMethod method, string path, JObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, prefix + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ServerFailureException($"{method} /{prefix}{path}: cannot reach the server ({e.Message})", null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerFailureException($"{method} /{prefix}{path}: the server did not answer in time.", null, e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JObject? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonConvert.DeserializeObject<JToken>(text, Settings) as JObject;
                }
                catch (JsonException)
                {
                    // Not JSON (a proxy's error page): reported with the status below.
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = (string?)json?["detail"] ?? (text.Length > 200 ? text[..200] : text);
                throw new ServerFailureException(
                    $"{method} /{prefix}{path}: HTTP {(int)response.StatusCode} {response.StatusCode}{(detail.Length > 0 ? $": {detail}" : "")}",
                    response.StatusCode);
            }

            return json;
        }
    }

    /// <summary>An HttpClient for a server base URL and bearer token.</summary>
    public static HttpClient CreateHttpClient(string baseUrl, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/scim+json"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    protected static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    protected static bool IsNotFound(ServerFailureException e) => e.Status == HttpStatusCode.NotFound;
}
