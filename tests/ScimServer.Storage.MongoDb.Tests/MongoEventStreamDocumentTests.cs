using MongoDB.Bson;
using ScimServer.Core.Events;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The stored event streams and acknowledgements, and the filters and updates of their delivery state.</summary>
public sealed class MongoEventStreamDocumentTests
{
    private static readonly DateTimeOffset Later = TestResources.Created.AddMinutes(5);

    private static readonly EventStream Push = new()
    {
        Id = "s1",
        Tenant = "acme",
        Delivery = EventDelivery.Push,
        Endpoint = "https://app.example.com/scim-events",
        Authorization = "Bearer secret",
        Events = [ProvisioningEventUris.CreateNotice, ProvisioningEventUris.Deactivate],
        Created = TestResources.Created,
    };

    [Fact]
    public void A_push_stream_is_stored_with_its_settings_its_starting_cursor_and_no_failures()
    {
        EventStreamDocuments.ToDocument(Push, cursor: 42).ShouldBe("""
            { "_id": "s1", "tenant": "acme", "created": "2024-01-01T08:00:00.0000000Z", "delivery": "Push", "format": "Notice",
              "events": [ "urn:ietf:params:scim:event:prov:create:notice", "urn:ietf:params:scim:event:prov:deactivate" ],
              "endpoint": "https://app.example.com/scim-events", "authorization": "Bearer secret",
              "paused": false, "cursor": { "$numberLong": "42" }, "failures": 0 }
            """);
    }

    [Fact]
    public void A_poll_stream_has_no_endpoint_or_authorization_and_comes_back_as_it_was_stored()
    {
        var poll = new EventStream { Id = "s2", Tenant = "acme", Delivery = EventDelivery.Poll, Paused = true, Created = TestResources.Created };

        EventStreamDocuments.ToDocument(poll, cursor: 0).ShouldBe("""
            { "_id": "s2", "tenant": "acme", "created": "2024-01-01T08:00:00.0000000Z", "delivery": "Poll", "format": "Notice",
              "events": [], "paused": true, "cursor": { "$numberLong": "0" }, "failures": 0 }
            """);
        EventStreamDocuments.ToStream(EventStreamDocuments.ToDocument(poll, cursor: 0)).Should().BeEquivalentTo(poll);
        EventStreamDocuments.ToStream(EventStreamDocuments.ToDocument(Push, cursor: 42))
            .Should().BeEquivalentTo(Push with { Cursor = 42 }, options => options.WithStrictOrdering());
    }

    [Fact]
    public void The_delivery_state_comes_back_from_the_stored_fields()
    {
        var document = EventStreamDocuments.ToDocument(Push, cursor: 42);
        document["failures"] = 3;
        document["lastDelivered"] = "2024-01-01T08:05:00.0000000Z";
        document["failingSince"] = "2024-01-01T08:01:00.0000000Z";
        document["lastError"] = "503";

        var stream = EventStreamDocuments.ToStream(document);

        stream.Failures.Should().Be(3);
        stream.LastDelivered.Should().Be(Later);
        stream.FailingSince.Should().Be(TestResources.Created.AddMinutes(1));
        stream.LastError.Should().Be("503");
    }

    [Fact]
    public void The_admin_api_reaches_a_stream_only_in_its_tenant_and_delivery_by_its_id()
    {
        EventStreamDocuments.Of("acme", "s1").ShouldBe("""{ "_id": "s1", "tenant": "acme" }""");
        EventStreamDocuments.ById("s1").ShouldBe("""{ "_id": "s1" }""");
        EventStreamDocuments.Listed("acme").ShouldBe("""{ "tenant": "acme" }""");
        EventStreamDocuments.Listed(null).ShouldBe("{ }");
        EventStreamDocuments.OldestFirst.ShouldBe("""{ "created": 1, "_id": 1 }""");
        EventStreamDocuments.SetPaused(true).ShouldBe("""{ "$set": { "paused": true } }""");
    }

    [Fact]
    public void A_new_stream_starts_at_the_sequence_of_the_tenants_newest_entry()
    {
        EventStreamDocuments.NewestFirst.ShouldBe("""{ "sequence": -1 }""");
        EventStreamDocuments.SequenceOnly.ShouldBe("""{ "_id": 0, "sequence": 1 }""");
    }

    [Fact]
    public void A_cursor_move_never_goes_back_and_ends_a_run_of_failures()
    {
        EventStreamDocuments.Advance(77, Later).ShouldBe("""
            { "$max": { "cursor": { "$numberLong": "77" } },
              "$set": { "lastDelivered": "2024-01-01T08:05:00.0000000Z", "failures": 0 },
              "$unset": { "failingSince": "", "lastError": "" } }
            """);
        EventStreamDocuments.AcksUpTo("s1", 77).ShouldBe("""{ "stream": "s1", "sequence": { "$lte": { "$numberLong": "77" } } }""");
    }

    [Fact]
    public void A_failure_counts_keeps_the_start_of_the_run_and_takes_the_error_text_literally()
    {
        Bson.Render(EventStreamDocuments.Failure(Later, "$cursor: receiver answered 503")).Should().Equal(BsonDocument.Parse("""
            { "$set": {
                "failures": { "$add": [ { "$ifNull": [ "$failures", 0 ] }, 1 ] },
                "failingSince": { "$ifNull": [ "$failingSince", { "$literal": "2024-01-01T08:05:00.0000000Z" } ] },
                "lastError": { "$literal": "$cursor: receiver answered 503" } } }
            """));
    }

    [Fact]
    public void An_acknowledgement_is_upserted_per_stream_and_sequence_with_its_tenant_for_the_purge()
    {
        EventStreamDocuments.Ack("s1", 9).ShouldBe("""{ "stream": "s1", "sequence": { "$numberLong": "9" } }""");
        EventStreamDocuments.AckInsert("acme").ShouldBe("""{ "$setOnInsert": { "tenant": "acme" } }""");
        EventStreamDocuments.AcksOf("s1").ShouldBe("""{ "stream": "s1" }""");
    }

    [Fact]
    public void The_lease_is_taken_when_free_renewed_by_its_owner_or_taken_over_once_expired()
    {
        EventStreamDocuments.LeaseFree("s1", "instance-a", Later).ShouldBe("""
            { "_id": "s1", "$or": [ { "leaseOwner": null }, { "leaseOwner": "instance-a" },
                                    { "leaseUntil": { "$lt": "2024-01-01T08:05:00.0000000Z" } } ] }
            """);
        EventStreamDocuments.Lease("instance-a", Later.AddSeconds(30)).ShouldBe("""
            { "$set": { "leaseOwner": "instance-a", "leaseUntil": "2024-01-01T08:05:30.0000000Z" } }
            """);
    }
}
