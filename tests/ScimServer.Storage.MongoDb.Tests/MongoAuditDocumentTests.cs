using MongoDB.Bson;
using ScimServer.Core.Events;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The stored audit entries and the filters of a page.</summary>
public sealed class MongoAuditDocumentTests
{
    private static readonly AuditEntry Entry = new()
    {
        Tenant = "acme",
        At = TestResources.Created,
        Actor = "okta-provisioning",
        Operation = "patch",
        ResourceType = "Group",
        ResourceId = "g1",
        RequestId = "req-1",
        Summary = "members +2 -1",
    };

    [Fact]
    public void An_entry_is_stored_with_its_sequence_and_the_version_the_write_produced()
    {
        AuditDocuments.ToDocument(Entry, sequence: 7, version: 3).ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "7" }, "at": "2024-01-01T08:00:00.0000000Z",
              "actor": "okta-provisioning", "operation": "patch", "resourceType": "Group", "resourceId": "g1",
              "version": { "$numberLong": "3" }, "requestId": "req-1", "summary": "members +2 -1" }
            """);
    }

    [Fact]
    public void An_entry_of_a_delete_has_no_version_and_absent_fields_are_not_stored()
    {
        var delete = Entry with { Operation = "delete", RequestId = null, Summary = null };

        AuditDocuments.ToDocument(delete, sequence: 8, version: null).ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "8" }, "at": "2024-01-01T08:00:00.0000000Z",
              "actor": "okta-provisioning", "operation": "delete", "resourceType": "Group", "resourceId": "g1" }
            """);
    }

    [Fact]
    public void An_entry_comes_back_as_it_was_stored_with_its_sequence_and_version()
    {
        AuditDocuments.ToEntry(AuditDocuments.ToDocument(Entry, sequence: 7, version: 3))
            .Should().Be(Entry with { Sequence = 7, Version = 3 });
        AuditDocuments.ToEntry(AuditDocuments.ToDocument(Entry with { Summary = null }, sequence: 1, version: null))
            .Should().Be(Entry with { Sequence = 1, Summary = null });
    }

    [Fact]
    public void An_entry_keeps_the_change_its_events_tell_with_the_sqlite_stores_short_names()
    {
        var change = new ResourceChange { ExternalId = "ext-1", Attributes = ["displayName", "members"], Active = false, PasswordChanged = true };

        AuditDocuments.ToDocument(Entry with { RequestId = null, Summary = null, Change = change }, sequence: 9, version: 4).ShouldBe("""
            { "tenant": "acme", "sequence": { "$numberLong": "9" }, "at": "2024-01-01T08:00:00.0000000Z",
              "actor": "okta-provisioning", "operation": "patch", "resourceType": "Group", "resourceId": "g1",
              "version": { "$numberLong": "4" },
              "change": { "attributes": [ "displayName", "members" ], "externalId": "ext-1", "active": false, "password": true } }
            """);
    }

    [Fact]
    public void A_change_without_external_id_active_or_password_stores_only_its_attributes_and_comes_back_the_same()
    {
        var change = new ResourceChange { Attributes = ["title"] };

        AuditDocuments.ToDocument(change).ShouldBe("""{ "attributes": [ "title" ] }""");
        var entry = Entry with { Change = change };
        var read = AuditDocuments.ToEntry(AuditDocuments.ToDocument(entry, sequence: 3, version: 2));
        read.Should().BeEquivalentTo(entry with { Sequence = 3, Version = 2 });
        read.Change!.Attributes.Should().Equal("title");
        read.Change.Active.Should().BeNull();
        read.Change.PasswordChanged.Should().BeFalse();
    }

    [Fact]
    public void A_full_change_comes_back_as_it_was_stored()
    {
        var change = new ResourceChange { ExternalId = "ext-1", Attributes = ["active"], Active = true, PasswordChanged = true };

        AuditDocuments.ToEntry(AuditDocuments.ToDocument(Entry with { Change = change }, sequence: 5, version: 1)).Change
            .Should().BeEquivalentTo(change, options => options.WithStrictOrdering());
    }

    [Fact]
    public void A_full_form_change_keeps_the_resource_as_json_text_and_reads_it_back()
    {
        // Schema URNs hold dots and references "$ref": as field names MongoDB would refuse or misread them.
        var data = Newtonsoft.Json.Linq.JObject.Parse("""
            { "id": "u-1", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "m", "$ref": "../Users/m" } } }
            """);
        var change = new ResourceChange { Attributes = ["manager"], Data = data };

        var stored = AuditDocuments.ToDocument(change);

        stored["data"].AsString.Should().Be(Newtonsoft.Json.JsonConvert.SerializeObject(data, Newtonsoft.Json.Formatting.None));
        Newtonsoft.Json.Linq.JToken.DeepEquals(AuditDocuments.ToChange(stored).Data, data).Should().BeTrue();
    }

    [Fact]
    public void Each_entry_takes_its_sequence_from_the_tenants_counter_never_below_the_time_ordered_one()
    {
        AuditDocuments.CounterOf("acme").ShouldBe("""{ "_id": "acme", "tenant": "acme" }""");
        Bson.Render(AuditDocuments.Advance(timeOrdered: 1000, count: 3)).Should().Equal(BsonDocument.Parse("""
            { "$set": { "last": { "$max": [ { "$add": [ "$last", { "$numberLong": "3" } ] }, { "$numberLong": "1002" } ] } } }
            """));
    }

    [Fact]
    public void A_page_of_a_tenant_starts_after_the_last_sequence_read()
    {
        AuditDocuments.Filter(new AuditQuery { Tenant = "acme", AfterSequence = 40, Limit = 10 })
            .ShouldBe("""{ "tenant": "acme", "sequence": { "$gt": { "$numberLong": "40" } } }""");
        AuditDocuments.BySequence.ShouldBe("""{ "sequence": 1 }""");
    }

    [Fact]
    public void A_page_of_one_resource_in_a_time_window_includes_from_and_excludes_to()
    {
        var query = new AuditQuery
        {
            Tenant = "acme",
            ResourceId = "u1",
            From = TestResources.Created,
            To = TestResources.Created.AddDays(1),
            Limit = 10,
        };

        AuditDocuments.Filter(query).ShouldBe("""
            { "tenant": "acme", "resourceId": "u1", "sequence": { "$gt": { "$numberLong": "0" } },
              "at": { "$gte": "2024-01-01T08:00:00.0000000Z", "$lt": "2024-01-02T08:00:00.0000000Z" } }
            """);
    }

    [Fact]
    public void A_time_window_open_on_one_side_bounds_only_the_other()
    {
        AuditDocuments.Filter(new AuditQuery { Tenant = "acme", To = TestResources.Created, Limit = 1 })
            .ShouldBe("""{ "tenant": "acme", "sequence": { "$gt": { "$numberLong": "0" } }, "at": { "$lt": "2024-01-01T08:00:00.0000000Z" } }""");
    }

    [Fact]
    public void A_time_window_compares_instants_given_in_any_offset_as_utc_text()
    {
        var from = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(2));

        AuditDocuments.Filter(new AuditQuery { Tenant = "acme", From = from, Limit = 1 })["at"].AsBsonDocument
            .ShouldBe("""{ "$gte": "2024-01-01T08:00:00.0000000Z" }""");
    }
}
