using Newtonsoft.Json.Linq;
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
        (_client, _store) = _factory.CreateCountingClient();
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
}
