using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>The admin API as a tool (scimctl, an operator's script) calls it, with the server-admin token.</summary>
public sealed class AdminClient(HttpClient http, string? token = ScimServerFactory.AdminToken)
{
    public Task<ScimResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ScimResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ScimResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ScimResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>Creates a tenant and a bearer token for it; returns a SCIM client acting in that tenant.</summary>
    public async Task<ScimClient> CreateTenantWithTokenAsync(string id, string tokenName = "tests")
    {
        (await PostAsync("/admin/tenants", new JObject { ["id"] = id, ["name"] = id })).ShouldBe(System.Net.HttpStatusCode.Created);
        var token = await PostAsync($"/admin/tenants/{id}/tokens", new JObject { ["name"] = tokenName });
        token.ShouldBe(System.Net.HttpStatusCode.Created);
        return new ScimClient(http, (string)token.Body!["token"]!, "/scim/v2");
    }

    private async Task<ScimResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body is string text ? text : JToken.FromObject(body).ToString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new ScimResponse(response.StatusCode, raw.Length > 0 ? JObject.Parse(raw) : null, response.Headers, response.Content.Headers, raw);
    }
}
