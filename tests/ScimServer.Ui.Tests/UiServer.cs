using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using ScimServer.Testing;

namespace ScimServer.Ui.Tests;

/// <summary>
/// The built server on a free loopback port with a fresh SQLite file, and headless Chromium (the distribution's
/// package, /usr/bin/chromium: Playwright's own browser download cannot work on a closed network) to drive it.
/// </summary>
public sealed class UiServer : IAsyncLifetime
{
    public const string TenantToken = "ui-tests-tenant-token-0123456789abcdef";
    public const string AdminToken = "ui-tests-admin-token-0123456789abcdef";
    public const string Password = "Correct-Horse-7!";
    public const string AccessUrn = "urn:ietf:params:scim:schemas:extension:access:2.0:User";
    private const string ChromiumPath = "/usr/bin/chromium";

    // Chromium's background connections (updates, sync, QUIC probes) are refused by this machine's closed network.
    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private HttpClient? _http;

    public string BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("Not started.");

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: the test output's <c>screenshots</c> folder.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"No Chromium at {ChromiumPath} (install the distribution's chromium package; .ci/run does)";
            return;
        }

        _server = await ServerProcess.StartWithTokensAsync(TenantToken, AdminToken);
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TenantToken);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a user through SCIM with the tenant's token; returns its id.</summary>
    public async Task<string> CreateUserAsync(
        string userName, string[] roles, string[]? organizations = null, bool active = true, string? givenName = null, string? familyName = null,
        JObject? serviceAccount = null)
    {
        var access = new JObject { ["roles"] = new JArray(roles), ["organizations"] = new JArray(organizations ?? []) };
        if (serviceAccount is not null)
        {
            access["serviceAccount"] = serviceAccount;
        }

        var body = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User", AccessUrn),
            ["userName"] = userName,
            ["password"] = Password,
            ["active"] = active,
            ["name"] = new JObject { ["givenName"] = givenName ?? "Given", ["familyName"] = familyName ?? "Family" },
            ["emails"] = new JArray(new JObject { ["value"] = userName, ["type"] = "work", ["primary"] = true }),
            [AccessUrn] = access,
        };
        using var response = await _http!.PostAsync("/scim/v2/Users", new StringContent(body.ToString(), Encoding.UTF8, "application/scim+json"));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return (string)JObject.Parse(text)["id"]!;
    }

    /// <summary>Creates a group through SCIM with the tenant's token, with these users as members; returns its id.</summary>
    public async Task<string> CreateGroupAsync(string displayName, params string[] memberIds)
    {
        var body = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:Group"),
            ["displayName"] = displayName,
            ["members"] = new JArray(memberIds.Select(id => new JObject { ["value"] = id })),
        };
        using var response = await _http!.PostAsync("/scim/v2/Groups", new StringContent(body.ToString(), Encoding.UTF8, "application/scim+json"));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return (string)JObject.Parse(text)["id"]!;
    }

    /// <summary>
    /// Creates <paramref name="count"/> minimal users <c>{prefix}-NNNNN@bulk.example</c> through <c>/Bulk</c>, 1,000 a
    /// request (the server's <c>MaxOperations</c>); returns their ids in order.
    /// </summary>
    public async Task<List<string>> BulkCreateUsersAsync(string prefix, int count)
    {
        var ids = new List<string>(count);
        for (var start = 0; start < count; start += 1000)
        {
            var operations = new JArray(Enumerable.Range(start, Math.Min(1000, count - start)).Select(i => new JObject
            {
                ["method"] = "POST",
                ["path"] = "/Users",
                ["bulkId"] = $"u{i}",
                ["data"] = new JObject
                {
                    ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User"),
                    ["userName"] = $"{prefix}-{i:00000}@bulk.example",
                },
            }));
            var body = new JObject
            {
                ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                ["Operations"] = operations,
            };
            using var response = await _http!.PostAsync("/scim/v2/Bulk", new StringContent(body.ToString(), Encoding.UTF8, "application/scim+json"));
            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(text);
            foreach (var result in JObject.Parse(text)["Operations"]!)
            {
                ((string?)result["status"]).Should().Be("201", result.ToString());
                ids.Add(((string)result["location"]!).Split('/')[^1]);
            }
        }

        return ids;
    }

    /// <summary>Adds members to a group by PATCH with the tenant's token, 5,000 a request (under the payload limit).</summary>
    public async Task AddMembersAsync(string groupId, IReadOnlyList<string> memberIds)
    {
        foreach (var chunk in memberIds.Chunk(5000))
        {
            var patch = new JObject
            {
                ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                ["Operations"] = new JArray(new JObject
                {
                    ["op"] = "add", ["path"] = "members", ["value"] = new JArray(chunk.Select(id => new JObject { ["value"] = id })),
                }),
            };
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/scim/v2/Groups/{groupId}")
            {
                Content = new StringContent(patch.ToString(), Encoding.UTF8, "application/scim+json"),
            };
            using var response = await _http!.SendAsync(request);
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The ids of a group's members as SCIM serves them to the tenant's token.</summary>
    public async Task<string[]> MembersOfAsync(string groupId)
    {
        var group = JObject.Parse(await _http!.GetStringAsync($"/scim/v2/Groups/{groupId}?attributes=members"));
        return group["members"]?.Select(m => (string)m["value"]!).ToArray() ?? [];
    }

    /// <summary>A user as SCIM serves it to the tenant's token.</summary>
    public async Task<JObject> GetUserAsync(string id) => JObject.Parse(await _http!.GetStringAsync($"/scim/v2/Users/{id}"));

    /// <summary>A GET of the admin API with the server-admin token: its status and body.</summary>
    public async Task<(int Status, JObject? Body)> AdminGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await _http!.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JObject.Parse(text));
    }

    /// <summary>The tenant's audit log, read with the server-admin token.</summary>
    public async Task<JArray> AuditAsync(string resourceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/tenants/default/audit?resourceId={Uri.EscapeDataString(resourceId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await _http!.SendAsync(request);
        return (JArray)JObject.Parse(await response.Content.ReadAsStringAsync())["entries"]!;
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiServer>
{
    public const string Name = "User Management page";
}
