using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Tests.Infrastructure;

/// <summary>A typed SCIM client over HTTP for the tests: JSON in and out, the bearer token set.</summary>
public sealed class ScimClient(HttpClient http, string? token, string prefix)
{
    public const string ScimJsonType = "application/scim+json";

    public HttpClient Http => http;

    public string? Token => token;

    public Task<ScimResponse> GetAsync(string path, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, null, configure);

    public Task<ScimResponse> PostAsync(string path, object body, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, body, configure);

    public Task<ScimResponse> PutAsync(string path, object body, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Put, path, body, configure);

    public Task<ScimResponse> PatchAsync(string path, object body, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Patch, path, body, configure);

    public Task<ScimResponse> DeleteAsync(string path, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Delete, path, null, configure);

    public async Task<ScimResponse> CreateUserAsync(string userName, Action<JObject>? shape = null)
    {
        var user = Users.Minimal(userName);
        shape?.Invoke(user);
        var response = await PostAsync("/Users", user);
        response.Status.Should().Be(System.Net.HttpStatusCode.Created, response.RawBody);
        return response;
    }

    /// <summary>Sends a body as given: a string is sent verbatim (for malformed JSON), anything else as JSON.</summary>
    public async Task<ScimResponse> SendAsync(HttpMethod method, string path, object? body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith("http", StringComparison.Ordinal) ? path : prefix + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            var text = body switch
            {
                string verbatim => verbatim,
                JToken token => ScimJson.Serialize(token),
                _ => ScimJson.Serialize(JToken.FromObject(body)),
            };
            request.Content = new StringContent(text, Encoding.UTF8, ScimJsonType);
        }

        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JObject? json = null;
        if (raw.Length > 0)
        {
            json = JObject.Parse(raw, new Newtonsoft.Json.Linq.JsonLoadSettings());
        }

        return new ScimResponse(response.StatusCode, json, response.Headers, response.Content.Headers, raw);
    }
}
