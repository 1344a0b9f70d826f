using MongoDB.Bson;
using ScimServer.Core.Events;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// An audited write takes its sequence from the tenant's counter and appends its entry, with the change its events
/// tell, in the write's own transaction, after the write (run against a recording client, no server).
/// </summary>
public sealed class MongoAuditTransactionTests
{
    private readonly RecordingMongo mongo = new();
    private readonly MongoScimStore store;

    public MongoAuditTransactionTests()
    {
        store = new MongoScimStore(mongo.Client, "scim", SchemaRegistry.LoadEmbedded(), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_create_inserts_the_user_then_advances_the_counter_and_appends_the_entry_with_its_change_in_one_transaction()
    {
        mongo.Answer = (collection, method, _) => (collection, method) switch
        {
            ("auditCounters", "FindOneAndUpdateAsync") => [new BsonDocument { { "_id", "acme" }, { "tenant", "acme" }, { "last", 7_000_000L } }],
            _ => [],
        };
        var user = User("acme", "alice", id: "u1");
        var entry = new AuditEntry
        {
            Tenant = "acme",
            At = Created,
            Actor = "okta",
            Operation = "create",
            ResourceType = "User",
            ResourceId = "u1",
            Change = new ResourceChange { ExternalId = "ext-1", Attributes = ["id", "userName"] },
        };

        (await store.CreateAsync(user, audit: entry)).Should().Be(StoreOutcome.Ok);

        var transaction = mongo.Transactions.Should().ContainSingle().Subject;
        mongo.Calls.Select(c => (c.Collection, c.Method)).Should().Equal(
            ("users", "InsertOneAsync"), ("auditCounters", "FindOneAndUpdateAsync"), ("audit", "InsertOneAsync"));
        mongo.Calls.Should().OnlyContain(c => c.Session == transaction);
        var counter = mongo.Calls[1].Sent.AsBsonDocument;
        counter["filter"].AsBsonDocument.ShouldBe("""{ "_id": "acme", "tenant": "acme" }""");
        counter["update"][0]["$set"]["last"]["$max"][0].AsBsonDocument.ShouldBe("""{ "$add": [ "$last", { "$numberLong": "1" } ] }""");
        mongo.Calls[2].Sent.AsBsonDocument.ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "7000000" }, "at": "2024-01-01T08:00:00.0000000Z", "actor": "okta",
              "operation": "create", "resourceType": "User", "resourceId": "u1", "version": { "$numberLong": "1" },
              "change": { "attributes": [ "id", "userName" ], "externalId": "ext-1" } }
            """);
    }
}
