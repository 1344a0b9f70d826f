using MongoDB.Bson;
using ScimServer.Core.Filtering;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.Bound;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The exact BSON of every operator and shape (rendered by the driver, no server).</summary>
public sealed class MongoFilterTranslatorTests
{
    private static readonly MongoFilterTranslator Users = new("User");

    private static BsonDocument Translate(BoundFilter filter) => Bson.Render(Users.ToFilterDefinition(filter));

    [Fact]
    public void A_query_is_scoped_by_tenant()
    {
        Users.Query("acme", null).ShouldBe("""{ "tenant": "acme" }""");
        Users.Query("acme", Pr(TestSchema.User("title"))).ShouldBe(
            """{ "$and": [ { "tenant": "acme" }, { "doc.title": { "$nin": [ null, "", [], {} ] } } ] }""");
    }

    [Fact]
    public void User_name_eq_compares_the_folded_key_exactly()
    {
        Translate(Eq(TestSchema.User("userName"), "ALICE@Example.COM")).ShouldBe("""{ "userNameKey": { "$eq": "alice@example.com" } }""");
    }

    [Fact]
    public void User_name_ne_is_the_negation_of_eq()
    {
        Translate(Ne(TestSchema.User("userName"), "Bob")).ShouldBe("""{ "$nor": [ { "userNameKey": { "$eq": "bob" } } ] }""");
    }

    [Fact]
    public void User_name_sw_co_ew_are_escaped_regular_expressions_over_the_folded_key()
    {
        var userName = TestSchema.User("userName");

        Translate(Sw(userName, "BOB.")).ShouldBe("""{ "userNameKey": { "$regex": { "$regularExpression": { "pattern": "^bob\\.", "options": "" } } } }""");
        Translate(Co(userName, "a+b(c)")).ShouldBe("""{ "userNameKey": { "$regex": { "$regularExpression": { "pattern": "a\\+b\\(c\\)", "options": "" } } } }""");
        Translate(Ew(userName, ".ORG")).ShouldBe("""{ "userNameKey": { "$regex": { "$regularExpression": { "pattern": "\\.org\\z", "options": "" } } } }""");
    }

    [Fact]
    public void Substring_operators_with_an_empty_value_match_every_value()
    {
        Translate(Ew(TestSchema.User("userName"), "")).ShouldBe("""{ "userNameKey": { "$ne": null } }""");
        Translate(Co(TestSchema.User("title"), "")).ShouldBe("""{ "fold.title": { "$ne": null } }""");
    }

    [Fact]
    public void User_name_orders_as_folded_text()
    {
        Translate(Gt(TestSchema.User("userName"), "BOB")).ShouldBe("""{ "userNameKey": { "$gt": "bob" } }""");
        Translate(Le(TestSchema.User("userName"), "BOB")).ShouldBe("""{ "userNameKey": { "$lte": "bob" } }""");
    }

    [Fact]
    public void A_case_insensitive_string_eq_is_an_equality_on_its_folded_copy()
    {
        Translate(Eq(TestSchema.User("title"), "Dev.*Ops$ ÉQUIPE")).ShouldBe("""{ "fold.title": { "$eq": "dev.*ops$ équipe" } }""");
    }

    [Fact]
    public void Case_insensitive_substring_operators_are_escaped_case_exact_regular_expressions_over_the_folded_copy()
    {
        var familyName = TestSchema.User("name.familyName");

        Translate(Co(familyName, "AND[")).ShouldBe(
            """{ "fold.name.familyName": { "$regex": { "$regularExpression": { "pattern": "and\\[", "options": "" } } } }""");
        Translate(Sw(familyName, "É|y")).ShouldBe(
            """{ "fold.name.familyName": { "$regex": { "$regularExpression": { "pattern": "^é\\|y", "options": "" } } } }""");
        Translate(Ew(familyName, "?")).ShouldBe(
            """{ "fold.name.familyName": { "$regex": { "$regularExpression": { "pattern": "\\?\\z", "options": "" } } } }""");
    }

    [Fact]
    public void Case_exact_strings_compare_exactly()
    {
        Translate(Eq(TestSchema.User("externalId"), "Ext-1")).ShouldBe("""{ "externalId": { "$eq": "Ext-1" } }""");
        Translate(Eq(TestSchema.User("id"), "0a1b")).ShouldBe("""{ "id": { "$eq": "0a1b" } }""");
        Translate(Sw(TestSchema.User("externalId"), "Ext.")).ShouldBe(
            """{ "externalId": { "$regex": { "$regularExpression": { "pattern": "^Ext\\.", "options": "" } } } }""");
    }

    [Fact]
    public void A_case_insensitive_ordering_compares_the_folded_copy_with_the_folded_literal()
    {
        // Folded by ScimText.Fold, not $toLower (ASCII only): "Émile" is "émile" here, as in SQLite.
        Translate(Gt(TestSchema.User("title"), "Émile")).ShouldBe("""{ "fold.title": { "$gt": "émile" } }""");
        Translate(Le(TestSchema.User("nickName"), "ZOE")).ShouldBe("""{ "fold.nickName": { "$lte": "zoe" } }""");
    }

    [Fact]
    public void A_case_insensitive_ordering_of_a_multi_valued_attribute_matches_some_element_of_the_folded_copy()
    {
        Translate(Lt(TestSchema.User("emails.value"), "Ém")).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "value": { "$lt": "ém" } } } }
            """);
        Translate(Ge(TestSchema.User("access:roles"), "Ana")).ShouldBe("""
            { "fold.ext.access.roles": { "$elemMatch": { "$gte": "ana" } } }
            """);
    }

    [Fact]
    public void A_case_insensitive_ordering_inside_a_value_filter_is_one_elem_match_over_the_folded_elements()
    {
        Translate(ParsedFilter.User("emails[type eq \"Work\"].value gt \"M\"")).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "$and": [ { "type": { "$eq": "work" } }, { "value": { "$gt": "m" } } ] } } }
            """);
    }

    [Fact]
    public void Every_element_filter_node_tests_the_folded_element_which_keeps_its_other_sub_attributes()
    {
        Translate(ParsedFilter.User(
            "emails[value le \"M\" and (type ne \"home\" or not (display pr)) and primary eq true and value co \"\" and display sw \"A.\"]"))
            .ShouldBe("""
            { "fold.emails": { "$elemMatch": { "$and": [ { "$and": [ { "$and": [ { "$and": [
                { "value": { "$lte": "m" } },
                { "$or": [
                    { "$nor": [ { "type": { "$eq": "home" } } ] },
                    { "$nor": [ { "display": { "$nin": [ null, "", [], { } ] } } ] } ] } ] },
                { "primary": { "$eq": true } } ] },
                { "value": { "$ne": null } } ] },
                { "display": { "$regex": { "$regularExpression": { "pattern": "^a\\.", "options": "" } } } } ] } } }
            """);
    }

    [Fact]
    public void Booleans_numbers_and_dates_compare_as_stored()
    {
        Translate(Eq(TestSchema.User("active"), false)).ShouldBe("""{ "doc.active": { "$eq": false } }""");
        Translate(Ge(TestSchema.User("meta.lastModified"), "2024-02-01T00:00:00+01:00")).ShouldBe(
            """{ "meta.lastModified": { "$gte": "2024-01-31T23:00:00.0000000Z" } }""");
        Translate(Lt(TestSchema.User("meta.created"), "2024-01-01T08:00:00Z")).ShouldBe(
            """{ "meta.created": { "$lt": "2024-01-01T08:00:00.0000000Z" } }""");
    }

    [Fact]
    public void Meta_version_compares_its_entity_tag_text()
    {
        Translate(Eq(TestSchema.User("meta.version"), "W/\"3\"")).ShouldBe("""
            { "$expr": { "$eq": [ { "$concat": [ "W/\"", { "$toString": "$meta.version" }, "\"" ] }, "W/\"3\"" ] } }
            """);
    }

    [Fact]
    public void A_meta_version_that_folded_would_fold_its_prefix_in_csharp_not_in_the_server()
    {
        var version = TestSchema.User("meta.version");
        var folding = version with { SubAttribute = version.SubAttribute! with { CaseExact = false } };

        Translate(Eq(folding, "W/\"3\"")).ShouldBe("""
            { "$expr": { "$eq": [ { "$concat": [ "w/\"", { "$toString": "$meta.version" }, "\"" ] }, "w/\"3\"" ] } }
            """);
    }

    [Fact]
    public void Meta_resource_type_is_known_while_translating_and_location_is_never_stored()
    {
        Translate(Eq(TestSchema.User("meta.resourceType"), "User")).ShouldBe("{ }");
        Translate(Eq(TestSchema.User("meta.resourceType"), "Group")).ShouldBe("""{ "$expr": false }""");
        Translate(Ne(TestSchema.User("meta.location"), "https://x")).ShouldBe("""{ "$nor": [ { "$expr": false } ] }""");
    }

    [Fact]
    public void A_multi_valued_sub_attribute_matches_any_element_with_elem_match()
    {
        Translate(Eq(TestSchema.User("emails.value"), "Bob@Home.Example")).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "value": { "$eq": "bob@home.example" } } } }
            """);
        Translate(Ne(TestSchema.User("emails.type"), "home")).ShouldBe("""
            { "$nor": [ { "fold.emails": { "$elemMatch": { "type": { "$eq": "home" } } } } ] }
            """);
        Translate(Eq(TestSchema.User("x509Certificates.value"), "AbC=")).ShouldBe("""
            { "doc.x509Certificates": { "$elemMatch": { "value": { "$eq": "AbC=" } } } }
            """);
        Translate(Gt(TestSchema.User("x509Certificates.display"), "Ä")).ShouldBe("""
            { "fold.x509Certificates": { "$elemMatch": { "display": { "$gt": "ä" } } } }
            """);
    }

    [Fact]
    public void A_complex_multi_valued_attribute_without_a_sub_attribute_compares_its_value()
    {
        var emails = TestSchema.User("emails") with { SubAttribute = TestSchema.User("emails.value").SubAttribute };

        Translate(Eq(emails, "dave@work.example")).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "value": { "$eq": "dave@work.example" } } } }
            """);
    }

    [Fact]
    public void A_primitive_multi_valued_attribute_matches_any_element()
    {
        Translate(Sw(TestSchema.User("access:roles"), "AD")).ShouldBe("""
            { "fold.ext.access.roles": { "$elemMatch": { "$regex": { "$regularExpression": { "pattern": "^ad", "options": "" } } } } }
            """);
    }

    [Fact]
    public void Extension_attributes_live_under_their_alias()
    {
        Translate(Eq(TestSchema.User("enterprise:manager.value"), "MGR-2")).ShouldBe("""{ "fold.ext.enterprise.manager.value": { "$eq": "mgr-2" } }""");
        Translate(Pr(TestSchema.User("enterprise:manager.value"))).ShouldBe("""{ "doc.ext.enterprise.manager.value": { "$nin": [ null, "", [], { } ] } }""");
    }

    [Fact]
    public void A_value_path_is_one_elem_match_over_element_relative_paths()
    {
        var emails = TestSchema.User("emails");
        var type = TestSchema.Element(emails, "type");
        var value = TestSchema.Element(emails, "value");

        Translate(Where(emails, And(Eq(type, "WORK"), Not(Ew(value, "@X.org"))))).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "$and": [
                { "type": { "$eq": "work" } },
                { "$nor": [ { "value": { "$regex": { "$regularExpression": { "pattern": "@x\\.org\\z", "options": "" } } } } ] } ] } } }
            """);
        Translate(Where(emails, Or(Pr(TestSchema.Element(emails, "primary")), Eq(TestSchema.Element(emails, "primary"), true)))).ShouldBe("""
            { "fold.emails": { "$elemMatch": { "$or": [
                { "primary": { "$nin": [ null, "", [], {} ] } },
                { "primary": { "$eq": true } } ] } } }
            """);
    }

    [Fact]
    public void A_value_path_tests_a_case_exact_sub_attribute_as_the_folded_element_keeps_it()
    {
        var certificates = TestSchema.User("x509Certificates");

        Translate(Where(certificates, And(Eq(TestSchema.Element(certificates, "value"), "AbC="), Eq(TestSchema.Element(certificates, "type"), "Work")))).ShouldBe("""
            { "fold.x509Certificates": { "$elemMatch": { "$and": [ { "value": { "$eq": "AbC=" } }, { "type": { "$eq": "work" } } ] } } }
            """);
    }

    [Fact]
    public void A_single_valued_complex_value_path_reads_folding_text_from_the_folded_copy_and_the_rest_from_the_document()
    {
        var name = TestSchema.User("name");

        Translate(Where(name, And(Gt(TestSchema.Element(name, "givenName"), "É"), Pr(TestSchema.Element(name, "formatted"))))).ShouldBe("""
            { "$and": [ { "fold.name.givenName": { "$gt": "é" } }, { "doc.name.formatted": { "$nin": [ null, "", [], { } ] } } ] }
            """);
    }

    [Fact]
    public void Entra_id_value_path_with_a_sub_attribute_is_one_elem_match_narrowed_by_the_folded_email_key_index()
    {
        Translate(ParsedFilter.User("emails[type eq \"work\"].value eq \"Ann@Example.com\"")).ShouldBe("""
            { "$and": [
                { "keys.emails.value": { "$eq": "ann@example.com" } },
                { "fold.emails": { "$elemMatch": { "$and": [
                    { "type": { "$eq": "work" } },
                    { "value": { "$eq": "ann@example.com" } } ] } } } ] }
            """);
    }

    [Theory]
    [InlineData("eq \"x\"")]
    [InlineData("ne \"x\"")]
    [InlineData("co \"x\"")]
    [InlineData("sw \"x\"")]
    [InlineData("ew \"x\"")]
    [InlineData("gt \"x\"")]
    [InlineData("ge \"x\"")]
    [InlineData("lt \"x\"")]
    [InlineData("le \"x\"")]
    [InlineData("pr")]
    public void Value_path_with_a_sub_attribute_translates_as_the_value_filter_with_the_comparison_inside(string comparison)
    {
        Translate(ParsedFilter.User($"emails[type eq \"work\"].value {comparison}"))
            .ShouldBe(Translate(ParsedFilter.User($"emails[type eq \"work\" and value {comparison}]")).ToJson());
    }

    [Fact]
    public void Present_ignores_null_empty_strings_empty_arrays_and_empty_objects()
    {
        Translate(Pr(TestSchema.User("title"))).ShouldBe("""{ "doc.title": { "$nin": [ null, "", [], {} ] } }""");
        Translate(Pr(TestSchema.User("name"))).ShouldBe("""{ "doc.name": { "$nin": [ null, "", [], {} ] } }""");
        Translate(Pr(TestSchema.User("emails"))).ShouldBe("""{ "doc.emails.0": { "$exists": true } }""");
        Translate(Pr(TestSchema.User("emails.value"))).ShouldBe("""{ "doc.emails": { "$elemMatch": { "value": { "$nin": [ null, "", [], {} ] } } } }""");
        Translate(Pr(TestSchema.User("externalId"))).ShouldBe("""{ "externalId": { "$nin": [ null, "" ] } }""");
        Translate(Pr(TestSchema.User("userName"))).ShouldBe("""{ "userNameKey": { "$nin": [ null, "" ] } }""");
        Translate(Pr(TestSchema.User("meta.created"))).ShouldBe("{ }");
    }

    [Fact]
    public void Not_is_nor_at_the_document_level_so_absent_attributes_count_as_no_match()
    {
        Translate(Not(Eq(TestSchema.User("active"), true))).ShouldBe("""{ "$nor": [ { "doc.active": { "$eq": true } } ] }""");
        Translate(Not(Not(Pr(TestSchema.User("title"))))).ShouldBe(
            """{ "$nor": [ { "$nor": [ { "doc.title": { "$nin": [ null, "", [], {} ] } } ] } ] }""");
    }

    [Fact]
    public void And_and_or_keep_the_tree()
    {
        var inactive = Eq(TestSchema.User("active"), false);
        var titled = Pr(TestSchema.User("title"));
        var named = Sw(TestSchema.User("userName"), "c");

        Translate(Or(inactive, And(named, titled))).ShouldBe("""
            { "$or": [
                { "doc.active": { "$eq": false } },
                { "$and": [
                    { "userNameKey": { "$regex": { "$regularExpression": { "pattern": "^c", "options": "" } } } },
                    { "doc.title": { "$nin": [ null, "", [], {} ] } } ] } ] }
            """);
    }

    [Fact]
    public void No_name_that_is_not_a_plain_attribute_name_reaches_a_query()
    {
        var title = TestSchema.User("title");

        foreach (var name in new[] { "$where", "a.b", "$gt", "", "x y", "1a" })
        {
            var hostile = title with { StoragePath = [name] };
            var translate = () => Translate(Eq(hostile, "x"));
            translate.Should().Throw<ArgumentException>($"'{name}' is not a field name");
        }
    }

    [Fact]
    public void A_reference_sub_attribute_named_dollar_ref_is_a_field_name()
    {
        Translate(Pr(TestSchema.User("enterprise:manager.$ref"))).ShouldBe(
            """{ "doc.ext.enterprise.manager.$ref": { "$nin": [ null, "", [], {} ] } }""");
    }

    [Fact]
    public void A_group_members_filter_tests_the_edge_its_lookup_found_and_ne_negates_it()
    {
        var members = TestSchema.Group("members.value") with { IsMembership = true };
        var eq = Eq(members, "u1");
        var translator = new MongoFilterTranslator("Group", new Dictionary<BoundFilter, string> { [eq] = "_m0" });

        MongoFilterTranslator.MembershipNodes(Ne(members, "u1")).Should().Equal(eq);
        Bson.Render(translator.ToFilterDefinition(eq)).ShouldBe("""{ "_m0.0": { "$exists": true } }""");
        Bson.Render(translator.ToFilterDefinition(Ne(members, "u1"))).ShouldBe("""{ "$nor": [ { "_m0.0": { "$exists": true } } ] }""");
    }

    [Fact]
    public void An_unresolved_membership_filter_is_a_bug_not_an_empty_match()
    {
        var members = TestSchema.Group("members.value") with { IsMembership = true };

        var translate = () => new MongoFilterTranslator("Group").Translate(Eq(members, "u1"));

        translate.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_group_members_filter_reads_the_edges_by_member_id_and_type()
    {
        var members = TestSchema.Group("members") with { IsMembership = true };
        var value = TestSchema.Element(members, "value");
        var type = TestSchema.Element(members, "type");

        MongoFilterTranslator.EdgeFilter(Where(members, And(Eq(value, "U1"), Not(Eq(type, "gROUP"))))).ShouldBe("""
            { "$and": [
                { "memberId": { "$eq": "U1" } },
                { "$nor": [ { "memberType": { "$eq": "Group" } } ] } ] }
            """);
        MongoFilterTranslator.EdgeFilter(Where(members, Eq(type, "Ûser"))).ShouldBe("""{ "memberType": { "$eq": "Ûser" } }""");
        MongoFilterTranslator.EdgeFilter(Pr(members)).ShouldBe("{ }");
        var display = () => MongoFilterTranslator.EdgeFilter(Where(members, Eq(TestSchema.Element(members, "display"), "x")));
        display.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void A_case_insensitive_order_on_a_ref_compares_its_folded_copy()
    {
        var filter = ParsedFilter.User("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref gt \"HTTPS://X/U\"");

        Translate(filter).ShouldBe("""{ "fold.ext.enterprise.manager.$ref": { "$gt": "https://x/u" } }""");
    }

    [Fact]
    public void A_nul_in_a_value_reaches_the_regular_expression_as_an_escape_not_as_a_byte()
    {
        var filter = ParsedFilter.User("title co \"a\\u0000.\"");

        Translate(filter).ShouldBe("""{ "fold.title": { "$regex": { "$regularExpression": { "pattern": "a\\x00\\.", "options": "" } } } }""");
        Translate(filter).ToBson().Should().NotBeEmpty();
    }

    [Fact]
    public void Eq_and_sw_on_a_search_key_are_an_equality_and_an_anchored_case_exact_prefix_on_its_folded_key()
    {
        Translate(ParsedFilter.User("name.familyName eq \"JÜRGEN\"")).ShouldBe("""{ "keys.name.familyName": { "$eq": "jürgen" } }""");
        Translate(ParsedFilter.User("emails.value sw \"Ann.L+\"")).ShouldBe(
            """{ "keys.emails.value": { "$regex": { "$regularExpression": { "pattern": "^ann\\.l\\+", "options": "" } } } }""");
        Bson.Render(new MongoFilterTranslator("Group").ToFilterDefinition(ParsedFilter.Group("displayName eq \"Sales EMEA\""))).ShouldBe(
            """{ "keys.displayName": { "$eq": "sales emea" } }""");
    }

    [Fact]
    public void Ew_and_co_on_a_search_key_are_case_exact_regular_expressions_over_its_folded_keys()
    {
        Translate(ParsedFilter.User("emails.value ew \"@EXAMPLE.com\"")).ShouldBe(
            """{ "keys.emails.value": { "$regex": { "$regularExpression": { "pattern": "@example\\.com\\z", "options": "" } } } }""");
        Translate(ParsedFilter.User("displayName co \"Ann\"")).ShouldBe(
            """{ "keys.displayName": { "$regex": { "$regularExpression": { "pattern": "ann", "options": "" } } } }""");
    }

    [Fact]
    public void A_search_key_orders_by_its_folded_keys_and_the_empty_string_orders_first()
    {
        Translate(ParsedFilter.User("name.familyName ge \"ÉMILE\"")).ShouldBe("""{ "keys.name.familyName": { "$gte": "émile" } }""");
        Translate(ParsedFilter.User("emails.value lt \"B\"")).ShouldBe("""
            { "$or": [ { "keys.emails.value": { "$lt": "b" } }, { "doc.emails.value": "" } ] }
            """);
    }

    [Fact]
    public void A_search_key_compared_with_the_empty_string_reads_the_document_which_holds_no_key_for_it()
    {
        Translate(ParsedFilter.User("displayName eq \"\"")).ShouldBe("""{ "fold.displayName": { "$eq": "" } }""");
    }

    [Fact]
    public void A_sort_by_a_single_valued_search_key_sorts_by_its_folded_copy()
    {
        var sort = new SortSpec(((BoundComparison)ParsedFilter.User("name.familyName eq \"x\"")).Attribute, Descending: false);

        var key = Users.SortKeyOf(sort);

        key.Should().Be(new SortKey("fold.name.familyName", null));
    }
}
