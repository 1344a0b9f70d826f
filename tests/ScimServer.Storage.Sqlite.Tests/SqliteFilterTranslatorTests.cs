using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.Bound;

namespace ScimServer.Storage.Sqlite.Tests;

public sealed class SqliteFilterTranslatorTests
{
    private readonly SqliteFilterTranslator translator = new("User", "acme");

    private static BoundAttribute User(string path) => TestSchema.User(path);

    /// <summary>A user's active as the index of it holds it (the same expression as before it was indexed).</summary>
    private const string Active = "json_extract(doc, '$.\"active\"')";

    /// <summary>A boolean read from the document (a user's active without its column).</summary>
    private static BoundAttribute DocumentBoolean => User("active") with { IsUserActive = false };

    private string Translate(BoundFilter filter) => translator.Translate(filter);

    private IEnumerable<object?> Values => translator.Parameters.Select(p => p.Value);

    [Fact]
    public void User_name_eq_compares_the_folded_unique_key_column_so_its_index_serves()
    {
        Translate(Eq(User("userName"), "Alice@Example.COM"))
            .Should().Be("(unique_key IS NOT NULL AND unique_key = @p0)");
        translator.Parameters.Should().Equal(new SqlParameterValue("@p0", "alice@example.com"));
    }

    [Fact]
    public void User_name_string_operators_and_ordering_use_the_unique_key_column()
    {
        Translate(Sw(User("userName"), "AL")).Should().Be("(unique_key IS NOT NULL AND substr(unique_key, 1, length(@p0)) = @p0)");
        Translate(Gt(User("userName"), "M")).Should().Be("(unique_key IS NOT NULL AND unique_key > @p1)");
        Values.Should().Equal("al", "m");
    }

    [Fact]
    public void A_case_insensitive_string_folds_both_sides()
    {
        Translate(Eq(User("name.familyName"), "Jensen"))
            .Should().Be("COALESCE(scim_fold(json_extract(doc, '$.\"name\".\"familyName\"')) = @p0, 0)");
        Values.Should().Equal("jensen");
    }

    [Fact]
    public void A_case_exact_string_compares_as_is()
    {
        Translate(Eq(User("access:serviceAccount.homeTenant"), "Acme"))
            .Should().Be("COALESCE(json_extract(doc, '$.\"ext\".\"access\".\"serviceAccount\".\"homeTenant\"') = @p0, 0)");
        Values.Should().Equal("Acme");
    }

    [Fact]
    public void Co_sw_and_ew_use_instr_and_substr_never_like()
    {
        Translate(Co(User("title"), "Eng")).Should().Be("COALESCE(instr(scim_fold(json_extract(doc, '$.\"title\"')), @p0) > 0, 0)");
        Translate(Sw(User("title"), "Eng")).Should().Be("COALESCE(substr(scim_fold(json_extract(doc, '$.\"title\"')), 1, length(@p1)) = @p1, 0)");
        Translate(Ew(User("title"), "%_")).Should().Be("COALESCE(substr(scim_fold(json_extract(doc, '$.\"title\"')), -length(@p2)) = @p2, 0)");
        Values.Should().Equal("eng", "eng", "%_");
    }

    [Fact]
    public void Co_sw_and_ew_with_an_empty_string_match_any_present_string()
    {
        Translate(Ew(User("title"), "")).Should().Be("COALESCE(scim_fold(json_extract(doc, '$.\"title\"')) IS NOT NULL, 0)");
        translator.Parameters.Should().BeEmpty();
    }

    [Fact]
    public void Co_on_a_boolean_is_a_bug_the_binder_should_have_caught()
    {
        var act = () => Translate(new BoundComparison(User("active"), ComparisonOperator.Co, new BoundLiteral(AttributeType.Boolean, true)));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Dates_compare_as_fixed_width_text_without_folding()
    {
        Translate(Gt(User("meta.lastModified"), "2024-05-01T10:00:00+02:00")).Should().Be("(last_modified > @p0)");
        Translate(Le(User("meta.created"), "2024-05-01T08:00:00Z")).Should().Be("(created <= @p1)");
        Values.Should().Equal("2024-05-01T08:00:00.0000000Z", "2024-05-01T08:00:00.0000000Z");
    }

    [Fact]
    public void Booleans_compare_as_one_and_zero()
    {
        Translate(Eq(DocumentBoolean, false)).Should().Be("COALESCE(json_extract(doc, '$.\"active\"') = @p0, 0)");
        Values.Should().Equal(0L);
    }

    [Fact]
    public void A_users_active_is_compared_as_the_active_index_spells_it_and_never_null()
    {
        Translate(Eq(User("active"), true)).Should().Be($"({Active} IS NOT NULL AND {Active} = @p0)");
        Translate(Ne(User("active"), true)).Should().Be($"NOT ({Active} IS NOT NULL AND {Active} = @p1)");
        Translate(Not(Eq(User("active"), false))).Should().Be($"NOT ({Active} IS NOT NULL AND {Active} = @p2)");
        Values.Should().Equal(1L, 1L, 0L);
    }

    [Fact]
    public void A_users_active_is_present_and_sorted_on_as_the_active_index_spells_it()
    {
        Translate(Pr(User("active"))).Should().Be($"COALESCE({Active} <> '', 0)");
        translator.SortKey(new SortSpec(User("active"), Descending: false)).Should().Be(Active);
    }

    [Fact]
    public void Numbers_compare_as_numbers()
    {
        var integer = new BoundAttribute
        {
            Attribute = new AttributeDefinition { Name = "level", Type = AttributeType.Integer },
            StoragePath = ["level"],
        };
        var @decimal = integer with { Attribute = integer.Attribute with { Type = AttributeType.Decimal } };

        Translate(Ge(integer, 3)).Should().Be("COALESCE(json_extract(doc, '$.\"level\"') >= @p0, 0)");
        Translate(Lt(@decimal, 2.5m)).Should().Be("COALESCE(json_extract(doc, '$.\"level\"') < @p1, 0)");
        Values.Should().Equal(3L, 2.5d);
    }

    [Fact]
    public void Ne_is_the_negation_of_eq_so_a_missing_attribute_matches()
    {
        Translate(Ne(User("title"), "Boss")).Should().Be("NOT COALESCE(scim_fold(json_extract(doc, '$.\"title\"')) = @p0, 0)");
    }

    [Fact]
    public void Eq_and_ne_null_test_for_absence()
    {
        Translate(Eq(User("title"), null)).Should().Be("(json_extract(doc, '$.\"title\"') IS NULL)");
        Translate(Ne(User("title"), null)).Should().Be("NOT (json_extract(doc, '$.\"title\"') IS NULL)");
        translator.Parameters.Should().BeEmpty();
    }

    [Fact]
    public void Not_negates_a_predicate_that_is_never_null()
    {
        Translate(Not(Eq(DocumentBoolean, true))).Should().Be("NOT COALESCE(json_extract(doc, '$.\"active\"') = @p0, 0)");
    }

    [Fact]
    public void And_and_or_keep_the_tree_s_grouping_in_parentheses()
    {
        var active = Eq(DocumentBoolean, true);
        var title = Pr(User("externalId"));
        var id = Eq(User("id"), "42");

        Translate(Or(active, And(title, id))).Should().Be(
            "(COALESCE(json_extract(doc, '$.\"active\"') = @p0, 0) OR (COALESCE(external_id <> '', 0) AND (id = @p1)))");
        Translate(And(Or(active, title), Not(id))).Should().Be(
            "((COALESCE(json_extract(doc, '$.\"active\"') = @p2, 0) OR COALESCE(external_id <> '', 0)) AND NOT (id = @p3))");
    }

    [Fact]
    public void Pr_excludes_null_empty_strings_empty_arrays_and_empty_objects()
    {
        Translate(Pr(User("name.familyName"))).Should().Be(
            "(CASE COALESCE(json_type(doc, '$.\"name\".\"familyName\"'), 'null') WHEN 'null' THEN 0 "
            + "WHEN 'text' THEN json_extract(doc, '$.\"name\".\"familyName\"') <> '' "
            + "WHEN 'array' THEN json_array_length(doc, '$.\"name\".\"familyName\"') > 0 "
            + "WHEN 'object' THEN EXISTS (SELECT 1 FROM json_each(doc, '$.\"name\".\"familyName\"')) ELSE 1 END)");
    }

    [Fact]
    public void Pr_on_columns_reads_the_columns()
    {
        Translate(Pr(User("userName"))).Should().Be("COALESCE(unique_key <> '', 0)");
        Translate(Pr(User("externalId"))).Should().Be("COALESCE(external_id <> '', 0)");
        Translate(Pr(User("id"))).Should().Be("1");
        Translate(Pr(User("meta.lastModified"))).Should().Be("1");
    }

    [Fact]
    public void Pr_on_a_multi_valued_sub_attribute_asks_whether_any_element_has_it()
    {
        Translate(Pr(User("emails.value"))).Should().Be(
            "EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE "
            + "(CASE COALESCE(json_type(e1.value, '$.\"value\"'), 'null') WHEN 'null' THEN 0 "
            + "WHEN 'text' THEN json_extract(e1.value, '$.\"value\"') <> '' "
            + "WHEN 'array' THEN json_array_length(e1.value, '$.\"value\"') > 0 "
            + "WHEN 'object' THEN EXISTS (SELECT 1 FROM json_each(e1.value, '$.\"value\"')) ELSE 1 END))");
    }

    [Fact]
    public void A_multi_valued_complex_sub_attribute_matches_any_element()
    {
        Translate(Eq(User("emails.value"), "A@X.ORG")).Should().Be(
            "EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE COALESCE(scim_fold(json_extract(e1.value, '$.\"value\"')) = @p0, 0))");
        Values.Should().Equal("a@x.org");
    }

    [Fact]
    public void A_multi_valued_complex_attribute_without_a_sub_attribute_compares_its_value()
    {
        Translate(Eq(User("emails"), "a@x.org")).Should().Be(
            "EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE COALESCE(scim_fold(json_extract(e1.value, '$.\"value\"')) = @p0, 0))");
    }

    [Fact]
    public void A_multi_valued_primitive_compares_each_element()
    {
        Translate(Eq(User("access:roles"), "Analyst")).Should().Be(
            "EXISTS (SELECT 1 FROM json_each(doc, '$.\"ext\".\"access\".\"roles\"') AS e1 WHERE COALESCE(scim_fold(e1.value) = @p0, 0))");
        Translate(Ne(User("access:roles"), "Admin")).Should().Be(
            "NOT EXISTS (SELECT 1 FROM json_each(doc, '$.\"ext\".\"access\".\"roles\"') AS e2 WHERE COALESCE(scim_fold(e2.value) = @p1, 0))");
        Values.Should().Equal("analyst", "admin");
    }

    [Fact]
    public void A_value_path_evaluates_its_inner_filter_against_one_element()
    {
        var emails = User("emails");

        Translate(Where(emails, And(Eq(TestSchema.Element(emails, "type"), "work"), Co(TestSchema.Element(emails, "value"), "@x.org"))))
            .Should().Be(
                "EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE "
                + "(COALESCE(scim_fold(json_extract(e1.value, '$.\"type\"')) = @p0, 0) AND "
                + "COALESCE(instr(scim_fold(json_extract(e1.value, '$.\"value\"')), @p1) > 0, 0)))");
        Values.Should().Equal("work", "@x.org");
    }

    [Fact]
    public void Entra_id_value_path_with_a_sub_attribute_is_one_element_matching_both_conditions()
    {
        Translate(ParsedFilter.User("emails[type eq \"work\"].value eq \"Ann@Example.com\""))
            .Should().Be(
                "(id IN (SELECT id FROM users_keys WHERE tenant = @p2 AND path = @p3 AND value = @p4) AND "
                + "EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE "
                + "(COALESCE(scim_fold(json_extract(e1.value, '$.\"type\"')) = @p0, 0) AND "
                + "COALESCE(scim_fold(json_extract(e1.value, '$.\"value\"')) = @p1, 0))))");
        Values.Should().Equal("work", "ann@example.com", "acme", "emails.value", "ann@example.com");
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
        var inside = new SqliteFilterTranslator("User", "acme");

        Translate(ParsedFilter.User($"emails[type eq \"work\"].value {comparison}"))
            .Should().Be(inside.Translate(ParsedFilter.User($"emails[type eq \"work\" and value {comparison}]")))
            .And.Contain("EXISTS (SELECT 1 FROM json_each(doc, '$.\"emails\"') AS e1 WHERE ");
        Values.Should().Equal(inside.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Nested_element_filters_get_their_own_aliases()
    {
        var emails = User("emails");
        var filter = And(
            Where(emails, Eq(TestSchema.Element(emails, "type"), "work")),
            Eq(User("phoneNumbers.value"), "555"));

        var sql = Translate(filter);

        sql.Should().Contain("AS e1 WHERE COALESCE(scim_fold(json_extract(e1.value, '$.\"type\"'))");
        sql.Should().Contain("json_each(doc, '$.\"phoneNumbers\"') AS e2 WHERE COALESCE(scim_fold(json_extract(e2.value, '$.\"value\"'))");
    }

    [Fact]
    public void Extension_attributes_are_read_under_their_storage_alias()
    {
        Translate(Eq(User("enterprise:department"), "R&D"))
            .Should().Be("COALESCE(scim_fold(json_extract(doc, '$.\"ext\".\"enterprise\".\"department\"')) = @p0, 0)");
        Translate(Eq(User("enterprise:manager.value"), "m-1"))
            .Should().Be("COALESCE(scim_fold(json_extract(doc, '$.\"ext\".\"enterprise\".\"manager\".\"value\"')) = @p1, 0)");
        Translate(Eq(User("enterprise:manager.$ref"), "https://x/Users/1"))
            .Should().Be("COALESCE(scim_fold(json_extract(doc, '$.\"ext\".\"enterprise\".\"manager\".\"$ref\"')) = @p2, 0)");
    }

    [Fact]
    public void Meta_and_common_attributes_read_their_columns()
    {
        Translate(Eq(User("id"), "42")).Should().Be("(id = @p0)");
        Translate(Eq(User("externalId"), "E-1"))
            .Should().Be("id IN (SELECT id FROM users WHERE tenant = @p2 AND (external_id IS NOT NULL AND external_id = @p1))");
        Translate(Eq(User("meta.version"), "W/\"3\"")).Should().Be("(('W/\"' || version || '\"') = @p3)");
        Translate(Eq(User("meta.resourceType"), "User")).Should().Be("(@p4 = @p5)");
        Values.Should().Equal("42", "E-1", "acme", "W/\"3\"", "User", "User");
    }

    [Fact]
    public void A_path_segment_with_a_double_quote_is_rejected()
    {
        var attribute = new BoundAttribute
        {
            Attribute = new AttributeDefinition { Name = "x\"y", Type = AttributeType.String },
            StoragePath = ["x\"y"],
        };

        var act = () => Translate(Eq(attribute, "v"));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_sort_by_a_case_insensitive_string_orders_by_the_folded_value()
    {
        translator.SortKey(new SortSpec(User("name.familyName"), Descending: false))
            .Should().Be("scim_fold(json_extract(doc, '$.\"name\".\"familyName\"'))");
    }

    [Fact]
    public void A_sort_by_a_column_orders_by_the_column()
    {
        translator.SortKey(new SortSpec(User("userName"), Descending: false)).Should().Be("unique_key");
        translator.SortKey(new SortSpec(User("meta.lastModified"), Descending: true)).Should().Be("last_modified");
        translator.SortKey(new SortSpec(User("externalId"), Descending: true)).Should().Be("external_id");
    }

    [Fact]
    public void A_sort_by_a_multi_valued_complex_attribute_orders_by_the_primary_element_else_the_first()
    {
        translator.SortKey(new SortSpec(User("emails.value"), Descending: false)).Should().Be(
            "(SELECT scim_fold(json_extract(e1.value, '$.\"value\"')) FROM json_each(doc, '$.\"emails\"') AS e1 "
            + "ORDER BY json_extract(e1.value, '$.\"primary\"') IS 1 DESC, e1.key LIMIT 1)");
    }

    [Fact]
    public void A_sort_by_a_multi_valued_primitive_orders_by_the_first_element()
    {
        translator.SortKey(new SortSpec(User("access:roles"), Descending: false))
            .Should().Be("scim_fold(json_extract(doc, '$.\"ext\".\"access\".\"roles\"[0]'))");
    }

    [Fact]
    public void A_sort_by_a_case_exact_string_does_not_fold()
    {
        translator.SortKey(new SortSpec(User("access:serviceAccount.homeTenant"), Descending: false))
            .Should().Be("json_extract(doc, '$.\"ext\".\"access\".\"serviceAccount\".\"homeTenant\"')");
    }

    [Fact]
    public void Keyset_after_a_position_without_a_sort_continues_by_id()
    {
        translator.After(null, descending: false, new KeysetPosition(null, "id-9")).Should().Be("(id > @p0)");
        Values.Should().Equal("id-9");
    }

    [Fact]
    public void Keyset_after_a_sort_value_continues_past_ties_by_id()
    {
        translator.After("k", descending: false, new KeysetPosition("smith", "id-9"))
            .Should().Be("(k > @p1 OR (k = @p1 AND id > @p0))");
        translator.After("k", descending: true, new KeysetPosition(7m, "id-9"))
            .Should().Be("(k < @p3 OR (k = @p3 AND id < @p2) OR k IS NULL)");
        Values.Should().Equal("id-9", "smith", "id-9", 7L);
    }

    [Fact]
    public void Keyset_after_a_null_sort_value_continues_among_nulls_then_past_them()
    {
        translator.After("k", descending: false, new KeysetPosition(null, "id-9"))
            .Should().Be("((k IS NULL AND id > @p0) OR k IS NOT NULL)");
        translator.After("k", descending: true, new KeysetPosition(null, "id-9"))
            .Should().Be("(k IS NULL AND id < @p1)");
    }
}
