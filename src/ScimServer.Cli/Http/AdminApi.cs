using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Http;

/// <summary>The server's admin API under <c>{url}/admin</c> (a server-admin token).</summary>
internal sealed class AdminApi(HttpClient http) : JsonApi(http, "admin")
{
    public async Task<JObject> CreateTenantAsync(string id, string name, string? firstAdmin, CancellationToken cancellationToken)
    {
        var body = new JObject { ["id"] = id, ["name"] = name };
        if (firstAdmin is not null)
        {
            body["firstAdmin"] = new JObject { ["userName"] = firstAdmin };
        }

        return await SendAsync(HttpMethod.Post, "/tenants", body, cancellationToken) ?? [];
    }

    public async Task<IReadOnlyList<JObject>> TenantsAsync(CancellationToken cancellationToken) =>
        Items(await SendAsync(HttpMethod.Get, "/tenants", null, cancellationToken), "tenants");

    public async Task<JObject> CreateTokenAsync(string tenant, string name, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, $"/tenants/{Uri.EscapeDataString(tenant)}/tokens", new JObject { ["name"] = name }, cancellationToken) ?? [];

    public async Task<IReadOnlyList<JObject>> TokensAsync(string tenant, CancellationToken cancellationToken) =>
        Items(await SendAsync(HttpMethod.Get, $"/tenants/{Uri.EscapeDataString(tenant)}/tokens", null, cancellationToken), "tokens");

    public Task RevokeTokenAsync(string tenant, string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/tenants/{Uri.EscapeDataString(tenant)}/tokens/{Uri.EscapeDataString(id)}", null, cancellationToken);

    private static List<JObject> Items(JObject? body, string name) => (body?[name] as JArray)?.OfType<JObject>().ToList() ?? [];
}
