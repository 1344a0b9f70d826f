using MongoDB.Bson;
using MongoDB.Driver;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The stored documents, the versioned write filters and updates, and the edge writes.</summary>
public sealed class MongoDocumentTests
{
    [Fact]
    public void A_resource_is_stored_with_its_document_under_doc_and_its_meta_beside_it()
    {
        var user = TestResources.User("acme", "Alice", """{ "active": true, "x509Certificates": [ { "value": "2024-05-01T10:00:00Z" } ] }""", id: "u1", externalId: "e1")
            with { PasswordHash = "hash", Version = 3 };

        ResourceDocuments.ToDocument(user).ShouldBe("""
            { "tenant": "acme", "id": "u1", "userNameKey": "alice", "externalId": "e1", "passwordHash": "hash", "keys": { }, "fold": { },
              "doc": { "schemas": [ "urn:ietf:params:scim:schemas:core:2.0:User" ], "userName": "Alice", "active": true,
                       "x509Certificates": [ { "value": "2024-05-01T10:00:00Z" } ] },
              "meta": { "created": "2024-01-01T08:00:00.0000000Z", "lastModified": "2024-01-01T08:00:00.0000000Z", "version": { "$numberLong": "3" } } }
            """);
    }

    [Fact]
    public void A_resource_comes_back_exactly_as_it_was_stored()
    {
        var user = TestResources.User("acme", "Alice", """{ "n": 5, "d": 1.50, "b": false, "z": null, "o": { "a": [ 1, "x" ] } }""", externalId: "e1");

        var read = ResourceDocuments.FromDocument(ResourceDocuments.ToDocument(user), "User");

        read.Should().BeEquivalentTo(user, options => options.Excluding(r => r.Document));
        JToken.DeepEquals(read.Document, user.Document).Should().BeTrue(read.Document.ToString());
        read.Document["d"]!.Value<decimal>().Should().Be(1.50m);
    }

    [Fact]
    public void A_document_property_that_is_not_a_plain_name_is_refused()
    {
        var write = () => JsonBson.ToBson(ScimJson.ParseObject("""{ "$where": "1" }"""));
        var dotted = () => JsonBson.ToBson(ScimJson.ParseObject("""{ "a": { "b.c": 1 } }"""));

        write.Should().Throw<ArgumentException>();
        dotted.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_replace_filters_on_the_id_and_the_expected_version_and_keeps_created()
    {
        var user = TestResources.User("acme", "Bob", id: "u1") with { Version = 2 };

        ResourceDocuments.ByIdAtVersion("acme", "u1", 1).ShouldBe("""{ "tenant": "acme", "id": "u1", "meta.version": { "$numberLong": "1" } }""");
        ResourceDocuments.ReplaceUpdate(user).ShouldBe("""
            { "$set": { "userNameKey": "bob", "keys": { }, "fold": { },
                        "doc": { "schemas": [ "urn:ietf:params:scim:schemas:core:2.0:User" ], "userName": "Bob" },
                        "meta.lastModified": "2024-01-01T08:00:00.0000000Z", "meta.version": { "$numberLong": "2" } },
              "$unset": { "externalId": "", "passwordHash": "" } }
            """);
    }

    [Fact]
    public void A_resource_keeps_its_folded_search_keys_by_declared_path_and_a_replace_sets_them_whole()
    {
        var user = TestResources.User("acme", "Ann", id: "u1");
        SearchKey[] keys = [new("userName", "ann"), new("name.familyName", "lee"), new("emails.value", "ann@x.org"), new("emails.value", "a@y.org")];

        ResourceDocuments.ToDocument(user, keys)["keys"].AsBsonDocument.ShouldBe("""
            { "userName": [ "ann" ], "name": { "familyName": [ "lee" ] }, "emails": { "value": [ "ann@x.org", "a@y.org" ] } }
            """);
        ResourceDocuments.ReplaceUpdate(user, keys)["$set"]["keys"].AsBsonDocument.ShouldBe("""
            { "userName": [ "ann" ], "name": { "familyName": [ "lee" ] }, "emails": { "value": [ "ann@x.org", "a@y.org" ] } }
            """);
    }

    [Fact]
    public void A_resource_keeps_its_folded_copy_beside_the_document_and_a_replace_sets_it_whole()
    {
        var user = TestResources.User("acme", "Émile", """{ "title": "Ça Va", "emails": [ { "value": "É@X.org", "primary": true } ] }""", id: "u1");
        var folded = FoldedCopy.Of(SchemaRegistry.LoadEmbedded().GetResourceType("User"), user.Document);

        ResourceDocuments.ToDocument(user, [], folded)["fold"].AsBsonDocument.ShouldBe("""
            { "userName": "émile", "title": "ça va", "emails": [ { "value": "é@x.org", "primary": true } ] }
            """);
        ResourceDocuments.ReplaceUpdate(user, [], folded)["$set"]["fold"].AsBsonDocument.ShouldBe("""
            { "userName": "émile", "title": "ça va", "emails": [ { "value": "é@x.org", "primary": true } ] }
            """);
    }

    [Fact]
    public void The_start_up_backfill_finds_resources_without_keys_or_folded_copy_and_sets_both_at_the_version_it_read()
    {
        var mongo = new RecordingMongo();
        using var store = new MongoScimStore(mongo.Client, "scim", SchemaRegistry.LoadEmbedded(), TimeSpan.FromSeconds(30));
        var old = ResourceDocuments.ToDocument(TestResources.User("acme", "Ann", """{ "name": { "familyName": "LEE" }, "title": "Boss" }""", id: "u1") with { Version = 4 });
        old.Remove("keys");
        old.Remove("fold");
        old.InsertAt(0, new BsonElement("_id", new ObjectId("65a000000000000000000001")));

        var writes = store.BackfillWrites([old], "User");

        ResourceDocuments.WithoutDerivedFields.ShouldBe("""{ "$or": [ { "keys": { "$exists": false } }, { "fold": { "$exists": false } } ] }""");
        MongoScimStore.BackfillBatchSize.Should().Be(1000);
        var write = writes.Should().ContainSingle().Which.Should().BeOfType<UpdateOneModel<BsonDocument>>().Which;
        Bson.Render(write.Filter).ShouldBe("""{ "_id": { "$oid": "65a000000000000000000001" }, "meta.version": { "$numberLong": "4" } }""");
        Bson.Render(write.Update).ShouldBe("""
            { "$set": { "keys": { "userName": [ "ann" ], "name": { "familyName": [ "lee" ] } },
                        "fold": { "userName": "ann", "name": { "familyName": "lee" }, "title": "boss" } } }
            """);
    }

    [Fact]
    public void A_membership_only_change_increments_the_version()
    {
        ResourceDocuments.NextVersionUpdate(TestResources.Created).ShouldBe("""
            { "$inc": { "meta.version": { "$numberLong": "1" } }, "$set": { "meta.lastModified": "2024-01-01T08:00:00.0000000Z" } }
            """);
    }

    [Fact]
    public void An_added_member_is_an_upsert_of_one_edge()
    {
        var upsert = EdgeDocuments.Upsert("acme", "g1", "u1", "User");

        upsert.IsUpsert.Should().BeTrue();
        Bson.Render(upsert.Filter).ShouldBe("""{ "tenant": "acme", "groupId": "g1", "memberId": "u1" }""");
        Bson.Render(upsert.Update).ShouldBe("""{ "$set": { "memberType": "User" } }""");
    }

    [Fact]
    public void Removing_members_deletes_only_their_edges()
    {
        EdgeDocuments.Only("acme", "g1", ["u1", "u2"]).ShouldBe("""{ "tenant": "acme", "groupId": "g1", "memberId": { "$in": [ "u1", "u2" ] } }""");
        EdgeDocuments.AllBut("acme", "g1", ["u1"]).ShouldBe("""{ "tenant": "acme", "groupId": "g1", "memberId": { "$nin": [ "u1" ] } }""");
    }

    [Fact]
    public void Deleting_a_resource_deletes_its_edges()
    {
        EdgeDocuments.OfDeleted("acme", "User", "u1").ShouldBe("""{ "tenant": "acme", "memberId": "u1", "memberType": "User" }""");
        EdgeDocuments.OfDeleted("acme", "Group", "g1").ShouldBe("""
            { "tenant": "acme", "$or": [ { "groupId": "g1" }, { "memberId": "g1", "memberType": "Group" } ] }
            """);
    }
}
