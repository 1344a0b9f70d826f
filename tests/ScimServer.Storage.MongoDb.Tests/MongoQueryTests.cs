using MongoDB.Bson;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The sort documents, keyset conditions and page pipelines (rendered by the driver, no server).</summary>
public sealed class MongoQueryTests
{
    private static readonly MongoFilterTranslator Users = new("User");

    [Fact]
    public void Only_a_first_page_with_no_next_page_is_its_own_total_every_other_page_is_counted()
    {
        var first = new ResourceQuery { Tenant = "acme", ResourceType = "User", Limit = 100 };

        MongoScimStore.IsWholeListing(first, more: false).Should().BeTrue();
        MongoScimStore.IsWholeListing(first, more: true).Should().BeFalse();
        MongoScimStore.IsWholeListing(first with { Offset = 100 }, more: false).Should().BeFalse();
        MongoScimStore.IsWholeListing(first with { After = new KeysetPosition(null, "u1") }, more: false).Should().BeFalse();
    }

    [Fact]
    public void Without_a_sort_a_page_is_in_id_order()
    {
        var key = Users.SortKeyOf(null);

        MongoFilterTranslator.SortDocument(key, descending: false).ShouldBe("""{ "id": 1 }""");
        MongoFilterTranslator.After(key, descending: false, new KeysetPosition(null, "id-9")).ShouldBe("""{ "id": { "$gt": "id-9" } }""");
    }

    [Fact]
    public void Sorts_end_with_the_id_as_tie_breaker_and_stored_fields_sort_directly()
    {
        MongoFilterTranslator.SortDocument(Users.SortKeyOf(Sort("userName")), descending: false).ShouldBe("""{ "userNameKey": 1, "id": 1 }""");
        MongoFilterTranslator.SortDocument(Users.SortKeyOf(Sort("meta.lastModified")), descending: true).ShouldBe("""{ "meta.lastModified": -1, "id": -1 }""");
        MongoFilterTranslator.SortDocument(Users.SortKeyOf(Sort("title")), descending: false).ShouldBe("""{ "fold.title": 1, "id": 1 }""");
        MongoFilterTranslator.SortDocument(Users.SortKeyOf(Sort("externalId")), descending: false).ShouldBe("""{ "externalId": 1, "id": 1 }""");
        Users.SortKeyOf(Sort("active")).Should().Be(new SortKey("doc.active", null));
    }

    [Fact]
    public void A_case_insensitive_string_sorts_by_its_folded_copy_which_is_absent_where_the_value_is()
    {
        // Not $toLower (ASCII only): the copy is folded by ScimText.Fold, so "Émile" sorts as "émile", after "zoe",
        // as SQLite sorts scim_fold(...) in its BINARY collation.
        Users.SortKeyOf(Sort("name.familyName")).Should().Be(new SortKey("fold.name.familyName", null));
        Users.SortKeyOf(Sort("enterprise:department")).Should().Be(new SortKey("fold.ext.enterprise.department", null));
        Users.SortKeyOf(Sort("x509Certificates.value")).Expression!.ToJson().Should().Contain("$doc.x509Certificates");
    }

    [Fact]
    public void A_multi_valued_attribute_sorts_by_its_primary_element_else_its_first()
    {
        var key = Users.SortKeyOf(Sort("emails"));

        new BsonDocument("e", key.Expression).ShouldBe("""
            { "e": { "$let": {
                "vars": { "e": { "$ifNull": [
                    { "$first": { "$filter": {
                        "input": { "$cond": [ { "$isArray": "$fold.emails" }, "$fold.emails", [] ] },
                        "as": "x",
                        "cond": { "$eq": [ "$$x.primary", true ] } } } },
                    { "$first": { "$cond": [ { "$isArray": "$fold.emails" }, "$fold.emails", [] ] } } ] } },
                "in": { "$ifNull": [ "$$e.value", null ] } } } }
            """);
        new BsonDocument("e", Users.SortKeyOf(Sort("access:roles")).Expression).ShouldBe("""
            { "e": { "$let": {
                "vars": { "e": { "$first": { "$cond": [ { "$isArray": "$fold.ext.access.roles" }, "$fold.ext.access.roles", [] ] } } },
                "in": { "$ifNull": [ "$$e", null ] } } } }
            """);
    }

    [Fact]
    public void The_keyset_ascending_puts_null_keys_first()
    {
        var key = new SortKey("_sortKey", null);

        MongoFilterTranslator.After(key, descending: false, new KeysetPosition("smith", "id-5")).ShouldBe("""
            { "$or": [ { "_sortKey": { "$gt": "smith" } }, { "_sortKey": "smith", "id": { "$gt": "id-5" } } ] }
            """);
        MongoFilterTranslator.After(key, descending: false, new KeysetPosition(null, "id-5")).ShouldBe("""
            { "$or": [ { "_sortKey": null, "id": { "$gt": "id-5" } }, { "_sortKey": { "$ne": null } } ] }
            """);
    }

    [Fact]
    public void The_keyset_descending_puts_null_keys_last()
    {
        var key = new SortKey("meta.lastModified", null);

        MongoFilterTranslator.After(key, descending: true, new KeysetPosition("2024-01-01T00:00:00.0000000Z", "id-5")).ShouldBe("""
            { "$or": [
                { "meta.lastModified": { "$lt": "2024-01-01T00:00:00.0000000Z" } },
                { "meta.lastModified": "2024-01-01T00:00:00.0000000Z", "id": { "$lt": "id-5" } },
                { "meta.lastModified": null } ] }
            """);
        MongoFilterTranslator.After(key, descending: true, new KeysetPosition(null, "id-5")).ShouldBe("""
            { "meta.lastModified": null, "id": { "$lt": "id-5" } }
            """);
        MongoFilterTranslator.After(new SortKey("doc.active", null), descending: false, new KeysetPosition(5L, "i")).ShouldBe("""
            { "$or": [ { "doc.active": { "$gt": { "$numberLong": "5" } } }, { "doc.active": { "$numberLong": "5" }, "id": { "$gt": "i" } } ] }
            """);
    }

    [Fact]
    public void A_cursor_page_runs_match_sort_key_keyset_sort_and_limit_plus_one_in_the_server()
    {
        var query = new ResourceQuery
        {
            Tenant = "acme",
            ResourceType = "User",
            Sort = new SortSpec(TestSchema.User("title"), Descending: false),
            Limit = 10,
            After = new KeysetPosition("dev", "id-3"),
        };
        var key = Users.SortKeyOf(query.Sort);

        var stages = Bson.Render(MongoScimStore.Pipeline(query, Users.Query("acme", null), key));

        stages.Select(s => s.GetElement(0).Name).Should().Equal("$match", "$match", "$sort", "$limit");
        stages[1].ShouldBe("""{ "$match": { "$or": [ { "fold.title": { "$gt": "dev" } }, { "fold.title": "dev", "id": { "$gt": "id-3" } } ] } }""");
        stages[2].ShouldBe("""{ "$sort": { "fold.title": 1, "id": 1 } }""");
        stages[3].ShouldBe("""{ "$limit": { "$numberLong": "11" } }""");
    }

    [Fact]
    public void An_index_page_skips_the_offset()
    {
        var query = new ResourceQuery { Tenant = "acme", ResourceType = "User", Offset = 20, Limit = 5 };

        var stages = Bson.Render(MongoScimStore.Pipeline(query, Users.Query("acme", null), Users.SortKeyOf(null)));

        stages.Select(s => s.ToJson()).Should().Equal(
            """{ "$match" : { "tenant" : "acme" } }""",
            """{ "$sort" : { "id" : 1 } }""",
            """{ "$skip" : 20 }""",
            """{ "$limit" : 6 }""");
        stages[3]["$limit"].BsonType.Should().Be(BsonType.Int64);
    }

    [Fact]
    public void The_last_sort_value_is_read_at_its_dotted_path()
    {
        var document = BsonDocument.Parse("""{ "doc": { "name": { "familyName": "Smith" } }, "_sortKey": "smith" }""");

        MongoScimStore.ValueAt(document, "doc.name.familyName").Should().Be(new BsonString("Smith"));
        MongoScimStore.ValueAt(document, "_sortKey").Should().Be(new BsonString("smith"));
        MongoScimStore.ValueAt(document, "doc.title").Should().Be(BsonNull.Value);
    }

    private static SortSpec Sort(string path) => new(TestSchema.User(path), Descending: false);
}
