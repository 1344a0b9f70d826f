using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The feed reads pages in the store, never a tenant into memory: with 100,000 users (loaded straight into the store
/// through its batched create, as HTTP would take minutes), a page of 10 reads 10 users from the store.
/// </summary>
public sealed class ODataScaleTests : IClassFixture<ODataScaleTests.HundredThousandUsers>
{
    private const int UserCount = 100_000;
    private readonly HttpClient _http;
    private readonly CountingStore _store;

    public ODataScaleTests(HundredThousandUsers users) => (_http, _store) = (users.Http, users.Store);

    [Fact]
    public async Task A_page_of_ten_reads_ten_users_from_the_store_among_100000()
    {
        var clock = Stopwatch.StartNew();
        foreach (var query in new[]
        {
            "/odata/Users?$top=10",
            "/odata/Users?$top=10&$skip=99990&$orderby=userName",
            "/odata/Users?$top=10&$filter=" + Uri.EscapeDataString("roles/any(r: r eq 'Analyst')"),
            "/odata/RoleAssignments?$top=10&$count=true&$filter=" + Uri.EscapeDataString("role eq 'Analyst'"),
            "/odata/OrganizationMemberships?$top=10&$skip=5000&$filter=" + Uri.EscapeDataString("organization eq 'north'"),
            "/odata/RoleAssignments?$top=10",
        })
        {
            _store.ResourcesRead = 0;
            var page = await GetAsync(query);

            ((JArray)page["value"]!).Should().HaveCount(10, query);
            _store.ResourcesRead.Should().Be(10, query);
        }

        var counted = await GetAsync("/odata/RoleAssignments?$top=10&$count=true&$filter=" + Uri.EscapeDataString("role eq 'Analyst'"));
        ((long)counted["@odata.count"]!).Should().Be(UserCount / 2);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_read_without_top_is_one_page_of_the_max_page_size_with_a_nextLink()
    {
        _store.ResourcesRead = 0;
        var page = await GetAsync("/odata/Users?$select=id");

        ((JArray)page["value"]!).Should().HaveCount(1_000);
        _store.ResourcesRead.Should().Be(1_000);
        ((string)page["@odata.nextLink"]!).Should().Contain("$skiptoken=u1000r0");
    }

    private async Task<JObject> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScimServerFactory.TenantToken);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JObject.Parse(body);
    }

    private static StoredResource User(string userName, string role, DateTimeOffset created) => new()
    {
        Tenant = "default",
        ResourceType = "User",
        Id = Guid.NewGuid().ToString(),
        Version = 1,
        Created = created,
        LastModified = created,
        Document = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:access:2.0:User"),
            ["userName"] = userName,
            ["active"] = true,
            ["ext"] = new JObject
            {
                ["access"] = new JObject { ["roles"] = new JArray(role), ["organizations"] = new JArray("north"), ["primaryOrganization"] = "north" },
            },
        },
        UniqueKey = ScimText.Fold(userName),
    };

    /// <summary>One server whose store holds 100,000 users of tenant default (read-only for the tests).</summary>
    public sealed class HundredThousandUsers : IAsyncLifetime
    {
        private readonly ScimServerFactory _factory = new();

        public HttpClient Http { get; private set; } = null!;

        public CountingStore Store { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var (client, store) = _factory.CreateCountingClient();
            Http = client.Http;
            Store = store;

            // Every second user holds Analyst, the others Developer; every user is in organization "north".
            var created = DateTimeOffset.UtcNow;
            for (var start = 0; start < UserCount; start += 10_000)
            {
                var batch = Enumerable.Range(start, 10_000).Select(i => (User($"scale{i:D6}@scale.example", i % 2 == 0 ? "Analyst" : "Developer", created), (AuditEntry?)null)).ToList();
                (await store.CreateManyAsync(batch)).Should().AllSatisfy(outcome => outcome.Should().Be(StoreOutcome.Ok));
            }
        }

        public Task DisposeAsync()
        {
            _factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
