using System.Text.Json;
using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.Bound;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// The statements kept by query shape (<see cref="QueryShapeCache"/>) against a fresh translation of each query: the
/// same SQL and the same parameters for every operator and kind of attribute, whatever values, tenants and paging came
/// before; the statements of a <c>co</c> on a search key, which depend on the value, are never served from a shape.
/// </summary>
public sealed class QueryShapeCacheTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";

    /// <summary>Filters of Users with one or two values each (<c>{0}</c>, <c>{1}</c>: a quoted string, a date or a boolean).</summary>
    private static readonly string[] UserFilters =
    [
        "userName eq {0}", "userName ne {0}", "userName sw {0}", "userName ew {0}", "userName co {0}", "userName gt {0}", "userName le {0}",
        "externalId eq {0}", "externalId sw {0}", "externalId co {0}",
        "id eq {0}", "id ne {0}", "id gt {0}",
        "emails.value eq {0}", "emails.value sw {0}", "emails.value ew {0}", "emails.value co {0}", "emails eq {0}", "emails.value ne {0}",
        "emails[type eq \"work\"].value eq {0}", "emails[type eq {0}].value eq {1}", "emails[type eq {0} and value co {1}]",
        "emails[type eq {0} or type eq {1}].value co \"x\"", "emails[type eq {0}].value pr", "not (emails[type eq {0}].value sw {1})",
        "name.familyName eq {0}", "name.familyName co {0}", "name.familyName sw {0}", "name.familyName ew {0}", "name.familyName lt {0}",
        "displayName eq {0}", "displayName co {0}", "title eq {0} and title pr", "not (title pr) or userType eq {0}",
        "userType eq {0} or userType eq {1} and title pr", "(userType eq {0} or userType eq {1}) and title pr",
        $"{Enterprise}:department eq {{0}}", $"{Enterprise}:manager.value eq {{0}}", $"{Enterprise}:manager.$ref eq {{0}}",
        $"{Enterprise}:employeeNumber sw {{0}}",
        $"{Access}:roles eq {{0}}", $"{Access}:serviceAccount.homeTenant eq {{0}}", $"{Access}:roles co {{0}}",
        "roles.value eq {0}", "schemas eq {0}", "meta.resourceType eq {0}", "meta.location eq {0}",
        "groups.value eq {0}", "groups.value ne {0}", "groups.value eq {0} or groups.value eq {1}", "groups pr and userName eq {0}",
    ];

    private static readonly string[] UserDateFilters =
        ["meta.lastModified gt {0}", "meta.created le {0}", "meta.lastModified ge {0} and meta.created lt {1}", "not (meta.created gt {0})"];

    private static readonly string[] UserBooleanFilters =
        ["active eq {0}", "active ne {0}", "not (active eq {0})", "emails[primary eq {0}]", "active eq {0} and title pr"];

    private static readonly string[] GroupFilters =
    [
        "displayName eq {0}", "displayName co {0}", "displayName sw {0}", "externalId eq {0}", "id eq {0}",
        "members.value eq {0}", "members.value ne {0}", "members[value eq {0} and type eq {1}]", "members.type eq {0}",
        "members[type eq {0}]", "members pr and displayName eq {0}", "not (members.value eq {0}) and displayName ew {1}",
    ];

    private static readonly string[] Texts =
        ["alice@x.org", "ALICE@X.ORG", "", "ab", "O'Malley", "x\"y", "Ünïcödé ß", "%_", "user", "Group", "work", "\u0000", "@example.com"];

    private static readonly string[] Dates = ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00+02:00", "1999-12-31T23:59:59.5Z"];

    private static readonly string[] Booleans = ["true", "false", "\"True\""];

    /// <summary>Picks the last trigram of a <c>co</c> value: which ones are asked depends on the value, as the store's do.</summary>
    private static readonly TrigramChooser LastTrigram = (_, trigrams) => [trigrams[^1]];

    private readonly QueryShapeCache cache = new();

    [Fact]
    public void Every_filter_of_every_operator_and_attribute_gets_the_statements_a_fresh_translation_gives()
    {
        var random = new Random(2026);
        var queries = new List<ResourceQuery>();
        queries.AddRange(Queries("User", UserFilters, Quoted(Texts), random));
        queries.AddRange(Queries("User", UserDateFilters, Quoted(Dates), random));
        queries.AddRange(Queries("User", UserBooleanFilters, Booleans, random));
        queries.AddRange(Queries("Group", GroupFilters, Quoted(Texts), random));
        queries.AddRange(HandBuiltQueries(random));
        queries.AddRange(FilterCorpus.Cases.Select(c => Paged(new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = ParsedFilter.User((string)c[0]) }, random)));

        // Shuffled, so that each shape is first met with any of its values, tenants and pages.
        foreach (var query in queries.OrderBy(_ => random.Next()))
        {
            ShouldMatchAFreshTranslation(query);
        }

        queries.Should().HaveCountGreaterThan(1_000);
        (queries.Count - cache.ShapesTranslated).Should().BeGreaterThan(queries.Count / 3, "a third of the queries were served from a shape first met with other values");
    }

    [Fact]
    public void The_eq_filters_identity_providers_match_on_are_translated_once_whatever_their_values_and_tenants()
    {
        string[] filters =
        [
            "userName eq {0}", "externalId eq {0}", "id eq {0}", "emails.value eq {0}", "emails[type eq \"work\"].value eq {0}",
        ];

        foreach (var value in new[] { "u1@mail.example", "U2@MAIL.EXAMPLE", "ext-3" })
        {
            foreach (var tenant in new[] { "acme", "globex" })
            {
                foreach (var filter in filters)
                {
                    ShouldMatchAFreshTranslation(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = User(filter, Quote(value)), Limit = 100 });
                }

                ShouldMatchAFreshTranslation(new ResourceQuery
                {
                    Tenant = tenant, ResourceType = "Group", Filter = ParsedFilter.Group($"displayName eq {Quote(value)}"), Limit = 100,
                });
            }
        }

        cache.ShapesTranslated.Should().Be(filters.Length + 1);
    }

    [Fact]
    public void A_co_on_a_search_key_is_translated_with_its_own_value_every_time()
    {
        var asked = new List<string>();
        TrigramChooser chooser = (_, trigrams) =>
        {
            asked.Add(trigrams[^1]);
            return [trigrams[^1]];
        };

        foreach (var value in new[] { "u17@mail", "u42@mail", "zq" })
        {
            var query = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = User("emails.value co {0}", Quote(value)), Limit = 100 };
            var fresh = QueryStatements.Build(query, chooser);
            var kept = cache.Statements(query, chooser);

            Same(kept, fresh);
        }

        // Each value of three characters or more was translated (twice: the cache's and the fresh one) with its own trigrams.
        asked.Should().Equal("u17", "u17", "u42", "u42");
        cache.ShapesTranslated.Should().Be(1, "the shape is remembered as one that depends on its value");
    }

    [Fact]
    public void Attributes_of_one_path_but_different_definitions_are_different_shapes()
    {
        var integer = new BoundAttribute
        {
            Attribute = new AttributeDefinition { Name = "level", Type = AttributeType.Integer },
            StoragePath = ["level"],
        };
        var @decimal = integer with { Attribute = integer.Attribute with { Type = AttributeType.Decimal } };
        var caseExact = TestSchema.User("title") with { Attribute = TestSchema.User("title").Attribute with { CaseExact = true } };
        var documentActive = TestSchema.User("active") with { IsUserActive = false };

        ShouldMatchAFreshTranslation(Query(Ge(integer, 3)));
        ShouldMatchAFreshTranslation(Query(Ge(@decimal, 3)));
        ShouldMatchAFreshTranslation(Query(Eq(TestSchema.User("title"), "Boss")));
        ShouldMatchAFreshTranslation(Query(Eq(caseExact, "Boss")));
        ShouldMatchAFreshTranslation(Query(Eq(TestSchema.User("active"), true)));
        ShouldMatchAFreshTranslation(Query(Eq(documentActive, true)));

        cache.ShapesTranslated.Should().Be(6);
    }

    [Fact]
    public void A_query_with_a_cursor_position_or_a_null_literal_is_translated_afresh()
    {
        var after = new ResourceQuery
        {
            Tenant = "acme", ResourceType = "User", Filter = User("userName sw {0}", "\"a\""), Limit = 10,
            Sort = new SortSpec(TestSchema.User("userName"), Descending: false), After = new KeysetPosition("alice", "id-1"),
        };
        var isNull = Query(Eq(TestSchema.User("title"), null));

        ShouldMatchAFreshTranslation(after);
        ShouldMatchAFreshTranslation(isNull);

        cache.ShapesTranslated.Should().Be(0);
        cache.Count.Should().Be(0);
    }

    [Fact]
    public void The_shapes_kept_are_bounded_and_a_shape_in_steady_use_stays()
    {
        var steady = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = User("userName eq {0}", "\"a@x.org\""), Limit = 100 };
        cache.Statements(steady, null);
        for (var limit = 1; limit <= QueryShapeCache.Capacity * 4; limit++)
        {
            // Each a new shape (the limit is written into the SQL), as a client sending ever new filters would make.
            cache.Statements(new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = User("title eq {0}", "\"x\""), Limit = limit + 1_000 }, null);
            cache.Statements(steady with { Filter = User("userName eq {0}", Quote($"u{limit}@x.org")) }, null);
            cache.Count.Should().BeLessThanOrEqualTo(QueryShapeCache.Capacity);
        }

        var translated = cache.ShapesTranslated;
        ShouldMatchAFreshTranslation(steady with { Tenant = "globex" });

        cache.ShapesTranslated.Should().Be(translated, "the shape used all along was never evicted");
        translated.Should().Be((QueryShapeCache.Capacity * 4) + 1);
    }

    private void ShouldMatchAFreshTranslation(ResourceQuery query)
    {
        Same(cache.Statements(query, LastTrigram), QueryStatements.Build(query, LastTrigram));
    }

    private static void Same(QueryStatements kept, QueryStatements fresh)
    {
        kept.Count.Should().Be(fresh.Count);
        kept.Page.Should().Be(fresh.Page);
        kept.CountIsKept.Should().Be(fresh.CountIsKept);

        // Values compared with their types: a long where a double was bound would compare differently in SQLite.
        kept.CountParameters.Select(Typed).Should().Equal(fresh.CountParameters.Select(Typed));
        kept.Parameters.Select(Typed).Should().Equal(fresh.Parameters.Select(Typed));
    }

    private static (string, object?, Type?) Typed(SqlParameterValue parameter) => (parameter.Name, parameter.Value, parameter.Value?.GetType());

    private static IEnumerable<ResourceQuery> Queries(string resourceType, string[] filters, string[] values, Random random)
    {
        foreach (var filter in filters)
        {
            foreach (var first in values.Concat(values))
            {
                var second = values[random.Next(values.Length)];
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, filter, first, second);
                BoundFilter bound;
                try
                {
                    bound = resourceType == "User" ? ParsedFilter.User(text) : ParsedFilter.Group(text);
                }
                catch (ArgumentException)
                {
                    // A value the binder refuses for this attribute ("" as a date): the server answers 400, no query.
                    continue;
                }

                yield return Paged(new ResourceQuery { Tenant = "acme", ResourceType = resourceType, Filter = bound }, random);
            }
        }
    }

    /// <summary>Trees the parser cannot make: numbers, and an attribute's definition changed under the same path.</summary>
    private static IEnumerable<ResourceQuery> HandBuiltQueries(Random random)
    {
        var level = new BoundAttribute { Attribute = new AttributeDefinition { Name = "level", Type = AttributeType.Integer }, StoragePath = ["level"] };
        var score = level with { Attribute = level.Attribute with { Type = AttributeType.Decimal } };
        foreach (var number in new[] { 3m, 2.5m, -1m, 1e10m })
        {
            yield return Paged(Query(Ge(level, number)), random);
            yield return Paged(Query(Lt(score, number)), random);
            yield return Paged(Query(Or(Eq(level, number), Not(Eq(score, number)))), random);
        }
    }

    private static ResourceQuery Paged(ResourceQuery query, Random random) => query with
    {
        Tenant = random.Next(3) switch { 0 => "acme", 1 => "globex", _ => "tenant-" + random.Next(1_000) },
        // Few limits, counts and sorts (each makes its own shape), so that shapes meet again; offsets of every size.
        Limit = random.Next(3) == 0 ? 0 : 100,
        Offset = random.Next(2) == 0 ? 0 : random.Next(1, 5_000),
        CountTotal = random.Next(8) != 0,
        Sort = random.Next(8) switch
        {
            0 when query.ResourceType == "User" => new SortSpec(TestSchema.User("userName"), Descending: random.Next(2) == 0),
            1 when query.ResourceType == "User" => new SortSpec(TestSchema.User("emails.value"), Descending: false),
            2 => new SortSpec(query.ResourceType == "User" ? TestSchema.User("meta.lastModified") : TestSchema.Group("displayName"), Descending: true),
            _ => null,
        },
    };

    private static ResourceQuery Query(BoundFilter filter) => new() { Tenant = "acme", ResourceType = "User", Filter = filter, Limit = 100 };

    private static BoundFilter User(string filter, string value) =>
        ParsedFilter.User(string.Format(System.Globalization.CultureInfo.InvariantCulture, filter, value));

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string[] Quoted(string[] values) => [.. values.Select(Quote)];
}
