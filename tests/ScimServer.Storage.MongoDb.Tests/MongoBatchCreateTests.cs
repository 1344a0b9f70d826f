using MongoDB.Bson;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The batched create: its one check query, its decision per item, and its block of audit entries.</summary>
public sealed class MongoBatchCreateTests
{
    [Fact]
    public void One_query_finds_the_ids_and_user_names_already_taken_in_the_tenant()
    {
        ResourceDocuments.TakenAmong("acme", ["u1", "u2"], ["alice", "bob"]).ShouldBe("""
            { "tenant": "acme", "$or": [ { "id": { "$in": [ "u1", "u2" ] } }, { "userNameKey": { "$in": [ "alice", "bob" ] } } ] }
            """);
        ResourceDocuments.UniqueFields.ShouldBe("""{ "_id": 0, "tenant": 1, "id": 1, "userNameKey": 1 }""");
    }

    [Fact]
    public void Groups_have_no_user_name_so_only_their_ids_are_checked()
    {
        ResourceDocuments.TakenAmong("acme", ["g1"], []).ShouldBe("""{ "tenant": "acme", "$or": [ { "id": { "$in": [ "g1" ] } } ] }""");
    }

    [Fact]
    public void A_taken_user_name_or_one_used_earlier_in_the_batch_is_refused_as_one_by_one_creates_would()
    {
        // The contract's batch: "taken" exists; "TAKEN" folds to it, "First" folds to the earlier "first".
        var items = new[] { User("first"), User("TAKEN"), User("second"), User("First") };

        MongoScimStore.Accepted(items, [Taken("User", "acme", "u0", "taken")]).Should().Equal(true, false, true, false);
    }

    [Fact]
    public void A_taken_id_or_one_used_earlier_in_the_batch_is_refused()
    {
        var items = new[] { User("alice", id: "u0"), User("bob", id: "u2"), User("carol", id: "u2") };

        MongoScimStore.Accepted(items, [Taken("User", "acme", "u0", "zed")]).Should().Equal(false, true, false);
    }

    [Fact]
    public void A_refused_item_blocks_nothing_after_it()
    {
        // "alice" is refused for its taken id, so a later "Alice" with a fresh id gets the name, as it would one by one.
        var items = new[] { User("alice", id: "u0"), User("Alice", id: "u1") };

        MongoScimStore.Accepted(items, [Taken("User", "acme", "u0", "zed")]).Should().Equal(false, true);
    }

    [Fact]
    public void Ids_and_names_are_unique_per_tenant_and_resource_type_only()
    {
        var items = new[]
        {
            User("alice", id: "x1"),
            TestResources.User("globex", "alice", id: "x1"),
            TestResources.Group("acme", "alice", id: "x1"),
            TestResources.Group("acme", "Sales", id: "g1"),
        };

        MongoScimStore.Accepted(items, [Taken("Group", "acme", "g1", key: null)]).Should().Equal(true, true, true, false);
    }

    [Fact]
    public void A_bulk_of_a_thousand_creations_commits_as_ten_transactions_of_a_hundred()
    {
        MongoScimStore.BatchChunkSize.Should().Be(100);
        MongoScimStore.Chunks(1_000, MongoScimStore.BatchChunkSize).Select(c => c.GetOffsetAndLength(1_000))
            .Should().Equal(Enumerable.Range(0, 10).Select(i => (i * 100, 100)));
    }

    [Fact]
    public void The_last_chunk_holds_what_is_left_and_an_empty_batch_has_no_chunk()
    {
        MongoScimStore.Chunks(250, 100).Should().Equal(0..100, 100..200, 200..250);
        MongoScimStore.Chunks(0, 100).Should().BeEmpty();
    }

    [Fact]
    public void A_block_of_entries_is_numbered_in_order_from_its_first_sequence_with_each_write_s_version()
    {
        var entry = new AuditEntry
        {
            Tenant = "acme",
            At = TestResources.Created,
            Actor = "okta-provisioning",
            Operation = "create",
            ResourceType = "User",
            ResourceId = "u1",
        };

        var documents = AuditDocuments.ToDocuments([(entry, 1), (entry with { ResourceId = "u2" }, 1)], firstSequence: 11).ToList();

        documents.Should().HaveCount(2);
        documents[0].ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "11" }, "at": "2024-01-01T08:00:00.0000000Z",
              "actor": "okta-provisioning", "operation": "create", "resourceType": "User", "resourceId": "u1",
              "version": { "$numberLong": "1" } }
            """);
        documents[1].ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "12" }, "at": "2024-01-01T08:00:00.0000000Z",
              "actor": "okta-provisioning", "operation": "create", "resourceType": "User", "resourceId": "u2",
              "version": { "$numberLong": "1" } }
            """);
    }

    private static StoredResource User(string userName, string? id = null) => TestResources.User("acme", userName, id: id);

    /// <summary>A resource already stored, as the check query's projection returns it.</summary>
    private static (string, BsonDocument) Taken(string resourceType, string tenant, string id, string? key)
    {
        var document = new BsonDocument { { "tenant", tenant }, { "id", id } };
        if (key is not null)
        {
            document.Add("userNameKey", key);
        }

        return (resourceType, document);
    }
}
