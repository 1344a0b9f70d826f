using MongoDB.Bson;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// Membership filters evaluated in the server: <c>$lookup</c> stages into the indexed edges, never an id list in
/// <c>$in</c> (rendered by the driver, no server).
/// </summary>
public sealed class MongoMembershipFilterTests
{
    [Fact]
    public void A_group_members_filter_is_a_lookup_of_one_edge_of_the_group_that_satisfies_it()
    {
        var node = ParsedFilter.Group("members.value eq \"u1\"");

        MembershipFilter.GroupMembers("acme", node, "_m0").Stage.ShouldBe("""
            { "$lookup": {
                "from": "members", "localField": "id", "foreignField": "groupId",
                "pipeline": [
                    { "$match": { "$and": [ { "tenant": "acme" }, { "memberId": { "$eq": "u1" } } ] } },
                    { "$limit": 1 },
                    { "$project": { "_id": 1 } } ],
                "as": "_m0" } }
            """);
    }

    [Fact]
    public void A_users_groups_value_filter_looks_up_one_edge_naming_the_user_from_the_group_or_a_group_nested_in_it()
    {
        var node = ParsedFilter.User("groups.value eq \"g1\"");

        MembershipFilter.GroupOf(node).Should().Be("g1");
        var groups = TestSchema.User("groups") with { IsMembership = true };
        MembershipFilter.GroupOf(Bound.Where(groups, Bound.Eq(TestSchema.Element(groups, "value"), "g1"))).Should().Be("g1");
        MembershipFilter.UserGroups("acme", node, "_m0", ["g1", "g2"]).Stage.ShouldBe("""
            { "$lookup": {
                "from": "members", "localField": "id", "foreignField": "memberId",
                "pipeline": [
                    { "$match": { "tenant": "acme", "memberType": "User", "groupId": { "$in": [ "g1", "g2" ] } } },
                    { "$limit": 1 },
                    { "$project": { "_id": 1 } } ],
                "as": "_m0" } }
            """);
    }

    [Fact]
    public void Groups_pr_looks_up_any_edge_naming_the_user()
    {
        var node = ParsedFilter.User("groups pr");

        MembershipFilter.GroupOf(node).Should().BeNull();
        MembershipFilter.UserGroups("acme", node, "_m1", groupsUnder: null).Stage["$lookup"]["pipeline"][0]
            .AsBsonDocument.ShouldBe("""{ "$match": { "tenant": "acme", "memberType": "User" } }""");
    }

    [Fact]
    public void A_users_groups_filter_on_anything_but_the_value_is_refused_rather_than_answered_wrongly()
    {
        // The binder refuses it before any store sees it; the store refuses it again rather than read it as groups.value.
        var display = () => MembershipFilter.GroupOf(Bound.Eq(TestSchema.User("groups.display") with { IsMembership = true }, "Sales"));

        display.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void The_groups_nested_in_a_group_are_read_from_group_edges_only_as_the_partial_index_holds_them()
    {
        EdgeDocuments.NestedIn("acme", ["g1", "g2"]).ShouldBe("""
            { "tenant": "acme", "groupId": { "$in": [ "g1", "g2" ] }, "memberType": "Group" }
            """);
    }

    [Fact]
    public void A_page_matches_the_other_conditions_first_then_sorts_then_looks_up_then_skips_and_limits()
    {
        var filter = ParsedFilter.User("userName sw \"a\" and groups.value eq \"g1\"");
        var query = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = filter, Offset = 20, Limit = 10 };
        var (translator, lookups) = Plan(query, groupsUnder: ["g1", "g2"]);

        var (match, membership) = MongoScimStore.Match(query, translator, lookups);
        var stages = Bson.Render(MongoScimStore.Pipeline(query, match, translator.SortKeyOf(null), membership));

        stages.Select(s => s.GetElement(0).Name).Should().Equal("$match", "$sort", "$lookup", "$match", "$unset", "$skip", "$limit");
        stages[0].ShouldBe(new BsonDocument("$match", translator.Query("acme", ParsedFilter.User("userName sw \"a\""))).ToJson());
        stages[2].ShouldBe(lookups[0].Stage.ToJson());
        stages[3].ShouldBe("""{ "$match": { "_m0.0": { "$exists": true } } }""");
        stages[4].ShouldBe("""{ "$unset": [ "_m0" ] }""");
        stages.Should().NotContain(s => s.ToJson().Contains("\"$in\" : [\"u", StringComparison.Ordinal), "no member id list is sent");
    }

    [Fact]
    public void A_count_runs_the_same_match_and_lookups_then_counts_in_the_server()
    {
        var query = new ResourceQuery { Tenant = "acme", ResourceType = "Group", Filter = ParsedFilter.Group("members.value eq \"u1\""), Limit = 0 };
        var (translator, lookups) = Plan(query);
        var (match, membership) = MongoScimStore.Match(query, translator, lookups);

        var stages = Bson.Render(MongoScimStore.CountPipeline(match, membership!));

        stages.Select(s => s.ToJson()).Should().Equal(
            """{ "$match" : { "tenant" : "acme" } }""",
            lookups[0].Stage.ToJson(),
            """{ "$match" : { "_m0.0" : { "$exists" : true } } }""",
            """{ "$count" : "n" }""");
    }

    [Fact]
    public void A_membership_node_under_or_or_not_takes_its_whole_conjunct_after_the_lookups()
    {
        var query = new ResourceQuery
        {
            Tenant = "acme",
            ResourceType = "User",
            Filter = ParsedFilter.User("(title eq \"Boss\" or groups pr) and not (groups.value eq \"g1\") and active eq true"),
            Limit = 10,
        };
        var (translator, lookups) = Plan(query, groupsUnder: ["g1"]);

        var (match, membership) = MongoScimStore.Match(query, translator, lookups);

        lookups.Select(l => l.Field).Should().Equal("_m0", "_m1");
        match.ShouldBe("""{ "$and": [ { "tenant": "acme" }, { "doc.active": { "$eq": true } } ] }""");
        membership!.Match.ShouldBe("""
            { "$and": [
                { "$or": [ { "fold.title": { "$eq": "boss" } }, { "_m0.0": { "$exists": true } } ] },
                { "$nor": [ { "_m1.0": { "$exists": true } } ] } ] }
            """);
    }

    [Fact]
    public void A_filter_without_membership_has_no_lookup_and_counts_with_count_documents()
    {
        var query = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = ParsedFilter.User("title eq \"Boss\""), Limit = 10 };

        var (match, membership) = MongoScimStore.Match(query, new MongoFilterTranslator("User"), []);

        membership.Should().BeNull();
        match.ShouldBe("""{ "$and": [ { "tenant": "acme" }, { "fold.title": { "$eq": "boss" } } ] }""");
    }

    /// <summary>The lookups the store builds for a query (its nested-group walk replaced by <paramref name="groupsUnder"/>).</summary>
    private static (MongoFilterTranslator Translator, IReadOnlyList<MembershipLookup> Lookups) Plan(ResourceQuery query, IReadOnlyCollection<string>? groupsUnder = null)
    {
        var lookups = MongoFilterTranslator.MembershipNodes(query.Filter).Distinct()
            .Select((node, i) => query.ResourceType == "Group"
                ? MembershipFilter.GroupMembers(query.Tenant, node, MembershipFilter.FieldOf(i))
                : MembershipFilter.UserGroups(query.Tenant, node, MembershipFilter.FieldOf(i), MembershipFilter.GroupOf(node) is null ? null : groupsUnder))
            .ToList();
        return (new MongoFilterTranslator(query.ResourceType, lookups.ToDictionary(l => l.Node, l => l.Field)), lookups);
    }
}
