using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Storage;
using ScimServer.Storage.Sqlite;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>A Bulk request of many user creations is one batched store write, not one write per user.</summary>
public sealed class BulkBatchingTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly ScimClient _client;
    private readonly CountingStore _store;

    public BulkBatchingTests()
    {
        var host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IResourceStore>(sp => new CountingStore(sp.GetRequiredService<SqliteScimStore>()))));
        _client = new ScimClient(host.CreateClient(), ScimServerFactory.TenantToken, "/scim/v2");
        _store = (CountingStore)host.Services.GetRequiredService<IResourceStore>();
    }

    public void Dispose() => _factory.Dispose();

    private static JObject CreateUsers(IEnumerable<string> userNames) => new()
    {
        ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
        ["Operations"] = new JArray(userNames.Select((name, i) => new JObject
        {
            ["method"] = "POST",
            ["path"] = "/Users",
            ["bulkId"] = $"u{i}",
            ["data"] = Users.Minimal(name),
        })),
    };

    [Fact]
    public async Task Five_hundred_creations_are_one_store_write()
    {
        var response = await _client.PostAsync("/Bulk", CreateUsers(Enumerable.Range(0, 500).Select(i => $"batch{i}@example.com")));

        response.Body!["Operations"]!.Should().HaveCount(500).And.OnlyContain(o => (string?)o["status"] == "201");
        _store.BatchedWrites.Should().Be(1);
        _store.SingleCreates.Should().Be(0);
        (await _client.GetAsync("/Users?count=0")).TotalResults.Should().Be(500);
    }

    [Fact]
    public async Task A_taken_userName_fails_only_its_own_operation_in_a_batch()
    {
        await _client.CreateUserAsync("taken@example.com");

        var response = await _client.PostAsync("/Bulk", CreateUsers(["first@example.com", "TAKEN@example.com", "last@example.com", "first@example.com"]));

        response.Body!["Operations"]!.Select(o => (string?)o["status"]).Should().Equal("201", "409", "201", "409");
        ((string?)response.Body["Operations"]![1]!["response"]!["scimType"]).Should().Be("uniqueness");
        (await _client.GetAsync("/Users?count=0")).TotalResults.Should().Be(3);
    }

    private sealed class CountingStore(IResourceStore inner) : IResourceStore
    {
        public int BatchedWrites;
        public int SingleCreates;

        public Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref BatchedWrites);
            return inner.CreateManyAsync(items, cancellationToken);
        }

        public Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref SingleCreates);
            return inner.CreateAsync(resource, members, audit, cancellationToken);
        }

        public Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default) => inner.GetAsync(tenant, resourceType, id, cancellationToken);
        public Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => inner.ReplaceAsync(resource, expectedVersion, audit, cancellationToken);
        public Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(tenant, resourceType, id, expectedVersion, audit, cancellationToken);
        public Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);
        public Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default) => inner.UpdateGroupAsync(update, cancellationToken);
        public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default) => inner.ListMembersAsync(tenant, groupIds, cancellationToken);
        public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default) => inner.ListGroupsOfAsync(tenant, memberIds, cancellationToken);
        public Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default) => inner.FindMissingMembersAsync(tenant, members, cancellationToken);
    }
}
