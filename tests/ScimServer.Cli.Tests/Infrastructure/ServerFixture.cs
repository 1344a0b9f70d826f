using ScimServer.Testing;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Tests.Infrastructure;

/// <summary>
/// One real server for the end-to-end tests. Each test works in a tenant of its own (made through the admin API), so
/// tests share no data and may run in any order.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string AdminToken = "e2e-admin-token-0123456789abcdef0123456789abcdef";
    private const string BootstrapToken = "e2e-bootstrap-token-0123456789abcdef0123456789ab";
    private int _tenants;

    public ServerProcess Server { get; private set; } = null!;

    public string BaseUrl => Server.BaseUrl;

    /// <summary>Whether the server says it supports /Bulk; the Bulk-dependent tests skip with a reason otherwise.</summary>
    public bool BulkSupported { get; private set; }

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartWithTokensAsync(BootstrapToken, AdminToken);
        var config = await GetAsync(BootstrapToken, "/scim/v2/ServiceProviderConfig");
        BulkSupported = config["bulk"]?["supported"] is { Type: JTokenType.Boolean } supported && (bool)supported;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A new tenant and a bearer token for it.</summary>
    public async Task<string> NewTenantTokenAsync()
    {
        var tenant = $"t{Interlocked.Increment(ref _tenants)}-{Guid.NewGuid():N}"[..20];
        await SendAsync(AdminToken, HttpMethod.Post, "/admin/tenants", new JObject { ["id"] = tenant, ["name"] = tenant });
        var token = await SendAsync(AdminToken, HttpMethod.Post, $"/admin/tenants/{tenant}/tokens", new JObject { ["name"] = "e2e" });
        return (string)token["token"]!;
    }

    /// <summary>Every user of the token's tenant matching a filter.</summary>
    public async Task<IReadOnlyList<JObject>> UsersAsync(string token, string? filter = null)
    {
        var query = filter is null ? "" : $"&filter={Uri.EscapeDataString(filter)}";
        var users = new List<JObject>();
        while (true)
        {
            var page = await GetAsync(token, $"/scim/v2/Users?count=1000&startIndex={users.Count + 1}{query}");
            var resources = ((JArray)page["Resources"]!).OfType<JObject>().ToList();
            users.AddRange(resources);
            if (resources.Count == 0 || users.Count >= (int)page["totalResults"]!)
            {
                return users;
            }
        }
    }

    /// <summary>RFC 7643 leaves an absent <c>active</c> to the server, which treats it as active (and omits it).</summary>
    public static bool IsActive(JObject user) => user["active"] is not { Type: JTokenType.Boolean } active || (bool)active;

    public Task<JObject> GetAsync(string token, string path) => SendAsync(token, HttpMethod.Get, path, null);

    public async Task<JObject> SendAsync(string token, HttpMethod method, string path, JObject? body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/scim+json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JObject.Parse(text);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "scimctl against a real server";
}
