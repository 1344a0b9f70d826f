using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Testing;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The index specifications InitializeAsync creates: keys, names, uniqueness and partial filters.</summary>
public sealed class MongoIndexesTests
{
    [Fact]
    public void Users_are_indexed_by_id_folded_user_name_external_id_email_last_modified_user_name_across_tenants_and_active()
    {
        Describe(MongoIndexes.Users).Should().Equal(
            """ux_tenant_id { "tenant" : 1, "id" : 1 } unique""",
            """ux_tenant_userNameKey { "tenant" : 1, "userNameKey" : 1 } unique partial { "userNameKey" : { "$type" : "string" } }""",
            """ix_tenant_externalId { "tenant" : 1, "externalId" : 1 }""",
            """ix_tenant_lastModified { "tenant" : 1, "meta.lastModified" : 1 }""",
            """ix_tenant_emails_value { "tenant" : 1, "doc.emails.value" : 1 }""",
            """ix_userNameKey_tenant_id { "userNameKey" : 1, "tenant" : 1, "id" : 1 }""",
            """ix_tenant_active_id { "tenant" : 1, "doc.active" : 1, "id" : 1 }""");
    }

    [Fact]
    public void The_active_index_leads_with_the_fields_an_active_eq_true_listing_matches_then_its_order()
    {
        var translator = new MongoFilterTranslator("User");
        var query = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = ParsedFilter.User("active eq true"), Limit = 100 };

        var stages = Bson.Render(MongoScimStore.Pipeline(query, translator.Query("acme", query.Filter), translator.SortKeyOf(null)));

        stages[0].ShouldBe("""{ "$match": { "$and": [ { "tenant": "acme" }, { "doc.active": { "$eq": true } } ] } }""");
        stages[1].ShouldBe("""{ "$sort": { "id": 1 } }""");
    }

    [Fact]
    public void Groups_have_the_resource_indexes()
    {
        Describe(MongoIndexes.Groups).Should().Equal(Describe(MongoIndexes.Users).Take(4));
    }

    [Fact]
    public void Edges_are_unique_per_group_and_member_and_found_by_member_and_nested_groups_by_their_parent()
    {
        Describe(MongoIndexes.Members).Should().Equal(
            """ux_tenant_group_member { "tenant" : 1, "groupId" : 1, "memberId" : 1 } unique""",
            """ix_tenant_member { "tenant" : 1, "memberId" : 1 }""",
            """ix_tenant_group_nested { "tenant" : 1, "groupId" : 1, "memberId" : 1 } partial { "memberType" : "Group" }""");
    }

    [Fact]
    public void Tokens_are_unique_by_the_hash_of_their_secret_and_listed_per_tenant_oldest_first()
    {
        Describe(MongoIndexes.Tokens).Should().Equal(
            """ux_sha256 { "sha256" : 1 } unique""",
            """ix_tenant { "tenant" : 1 }""",
            """ix_tenant_created { "tenant" : 1, "created" : 1, "_id" : 1 }""");
    }

    [Fact]
    public void Audit_entries_are_paged_by_sequence_per_tenant_and_per_resource_and_found_by_time()
    {
        Describe(MongoIndexes.Audit).Should().Equal(
            """ux_tenant_sequence { "tenant" : 1, "sequence" : 1 } unique""",
            """ix_tenant_resourceId_sequence { "tenant" : 1, "resourceId" : 1, "sequence" : 1 }""",
            """ix_tenant_at { "tenant" : 1, "at" : 1 }""");
    }

    [Fact]
    public void Audit_counters_are_found_by_their_tenant_the_shard_key()
    {
        Describe(MongoIndexes.AuditCounters).Should().Equal("""ix_tenant { "tenant" : 1 }""");
    }

    [Fact]
    public void Event_streams_are_listed_per_tenant_oldest_first_and_acknowledgements_are_unique_per_stream_and_sequence()
    {
        Describe(MongoIndexes.EventStreams).Should().Equal(
            """ix_tenant_created { "tenant" : 1, "created" : 1, "_id" : 1 }""");
        Describe(MongoIndexes.EventAcks).Should().Equal(
            """ux_stream_sequence { "stream" : 1, "sequence" : 1 } unique""",
            """ix_tenant { "tenant" : 1 }""");
    }

    [Fact]
    public void Every_collection_is_initialised_with_its_indexes_or_created_up_front()
    {
        MongoIndexes.All.Select(c => c.Collection).Should().Equal("users", "groups", "members", "tokens", "audit", "auditCounters", "eventStreams", "eventAcks");
        MongoIndexes.WithoutIndexes.Should().Equal("tenants");
    }

    [Fact]
    public void Every_unique_index_of_a_sharded_collection_starts_with_the_shard_key()
    {
        MongoIndexes.Sharded.Should().Equal("users", "groups", "members", "audit", "auditCounters");
        MongoIndexes.ShardKey.ToJson().Should().Be("{ \"tenant\" : 1 }");
        var unique = MongoIndexes.All
            .SelectMany(c => c.Indexes.Select(index => (c.Collection, Keys: Bson.Render(index.Keys), Options: (CreateIndexOptions<BsonDocument>)index.Options)))
            .Where(i => i.Options.Unique == true)
            .ToList();

        unique.Where(i => MongoIndexes.Sharded.Contains(i.Collection)).Should().NotBeEmpty()
            .And.OnlyContain(i => i.Keys.GetElement(0).Name == "tenant", "MongoDB refuses a unique index whose prefix is not the shard key");
        unique.Where(i => !MongoIndexes.Sharded.Contains(i.Collection)).Select(i => i.Collection)
            .Should().Equal(["tokens", "eventAcks"], "a token's hash is unique across tenants, an acknowledgement per stream: both stay unsharded");
    }

    [Fact]
    public void The_shard_script_shards_exactly_the_sharded_collections_on_the_tenant()
    {
        var script = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "scripts", "mongo", "shard.js"));

        var listed = Regex.Match(script, @"const sharded = \[(?<names>[^\]]*)\];").Groups["names"].Value;
        listed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim('"'))
            .Should().Equal(MongoIndexes.Sharded);
        script.Should().Contain("sh.shardCollection(`${database}.${collection}`, { tenant: 1 });");
    }

    private static IEnumerable<string> Describe(IEnumerable<CreateIndexModel<BsonDocument>> indexes) => indexes.Select(index =>
    {
        var options = (CreateIndexOptions<BsonDocument>)index.Options;
        var text = $"{options.Name} {Bson.Render(index.Keys).ToJson()}";
        if (options.Unique == true)
        {
            text += " unique";
        }

        if (options.PartialFilterExpression is { } partial)
        {
            text += " partial " + Bson.Render(partial).ToJson();
        }

        return text;
    }).ToList();

    [Fact]
    public void Every_declared_search_key_is_indexed_after_the_tenant()
    {
        var schemas = ScimServer.Core.Schema.SchemaRegistry.LoadEmbedded();

        MongoIndexes.SearchKeyIndexes(schemas.GetResourceType("User")).Select(i => (i.Options.Name, Bson.Render(i.Keys).ToJson())).Should().Equal(
            ("ix_tenant_keys_userName", """{ "tenant" : 1, "keys.userName" : 1 }"""),
            ("ix_tenant_keys_displayName", """{ "tenant" : 1, "keys.displayName" : 1 }"""),
            ("ix_tenant_keys_name.givenName", """{ "tenant" : 1, "keys.name.givenName" : 1 }"""),
            ("ix_tenant_keys_name.familyName", """{ "tenant" : 1, "keys.name.familyName" : 1 }"""),
            ("ix_tenant_keys_emails.value", """{ "tenant" : 1, "keys.emails.value" : 1 }"""));
        MongoIndexes.SearchKeyIndexes(schemas.GetResourceType("Group")).Select(i => i.Options.Name).Should().Equal("ix_tenant_keys_displayName");
    }
}
