using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Schema;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class InMemoryFilterTests
{
    private static readonly FilterBinder Binder = new(new AttributeResolver(SchemaRegistry.LoadEmbedded()));

    [Theory]
    [InlineData("type eq \"work\"", true)]
    [InlineData("type eq \"WORK\"", true)]
    [InlineData("type eq \"home\"", false)]
    [InlineData("type ne \"home\"", true)]
    [InlineData("value co \"@EXAMPLE\"", true)]
    [InlineData("value sw \"bjensen\"", true)]
    [InlineData("value ew \".com\"", true)]
    [InlineData("value ew \".org\"", false)]
    [InlineData("value gt \"a\"", true)]
    [InlineData("value lt \"a\"", false)]
    [InlineData("value ge \"bjensen@example.com\"", true)]
    [InlineData("value le \"bjensen@example.com\"", true)]
    public void Strings_compare_case_insensitively_when_the_attribute_is_not_case_exact(string filter, bool expected)
    {
        Matches("emails", filter, """{"value":"bjensen@example.com","type":"work"}""").Should().Be(expected);
    }

    [Fact]
    public void Case_exact_attributes_compare_exactly()
    {
        var attribute = ElementAttribute(new AttributeDefinition { Name = "homeTenant", Type = AttributeType.String, CaseExact = true });
        var element = Json("""{"homeTenant":"Acme"}""");

        InMemoryFilter.Matches(new BoundComparison(attribute, ComparisonOperator.Eq, new BoundLiteral(AttributeType.String, "Acme")), element).Should().BeTrue();
        InMemoryFilter.Matches(new BoundComparison(attribute, ComparisonOperator.Eq, new BoundLiteral(AttributeType.String, "acme")), element).Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"value":"a","primary":true}""", true)]
    [InlineData("""{"value":"a","primary":"True"}""", true)]
    [InlineData("""{"value":"a","primary":false}""", false)]
    [InlineData("""{"value":"a"}""", false)]
    public void Booleans_match_json_booleans_and_their_string_forms(string element, bool expected)
    {
        Matches("emails", "primary eq true", element).Should().Be(expected);
    }

    [Fact]
    public void Ne_matches_an_absent_attribute_like_the_stores_do()
    {
        Matches("emails", "type ne \"work\"", """{"value":"a"}""").Should().BeTrue();
        Matches("emails", "primary ne true", """{"value":"a"}""").Should().BeTrue();
    }

    [Theory]
    [InlineData("type pr", """{"type":"work"}""", true)]
    [InlineData("type pr", """{"type":""}""", false)]
    [InlineData("type pr", """{"type":null}""", false)]
    [InlineData("display pr", """{"type":"work"}""", false)]
    public void Pr_needs_a_non_empty_value(string filter, string element, bool expected)
    {
        Matches("emails", filter, element).Should().Be(expected);
    }

    [Theory]
    [InlineData("type eq \"work\" and primary eq true", true)]
    [InlineData("type eq \"home\" and primary eq true", false)]
    [InlineData("type eq \"home\" or primary eq true", true)]
    [InlineData("not (type eq \"home\")", true)]
    [InlineData("not (type eq \"work\" or value ew \".org\")", false)]
    public void Logical_operators_combine_comparisons(string filter, bool expected)
    {
        Matches("emails", filter, """{"value":"b@example.com","type":"work","primary":true}""").Should().Be(expected);
    }

    [Theory]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"", true)]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34+01:00\"", true)]
    [InlineData("meta.lastModified lt \"2011-05-13T04:42:34Z\"", false)]
    [InlineData("meta.lastModified lt \"2011-05-13T04:42:35Z\"", true)]
    [InlineData("meta.lastModified eq \"2011-05-13T05:42:34.5+01:00\"", true)]
    public void Dates_compare_as_instants(string filter, bool expected)
    {
        MatchesUserAttribute(filter, """{"meta":{"lastModified":"2011-05-13T04:42:34.5Z"}}""").Should().Be(expected);
    }

    [Fact]
    public void Numbers_compare_numerically()
    {
        var attribute = ElementAttribute(new AttributeDefinition { Name = "level", Type = AttributeType.Integer });
        var ten = new BoundLiteral(AttributeType.Integer, 10m);
        var element = Json("""{"level":9}""");

        InMemoryFilter.Matches(new BoundComparison(attribute, ComparisonOperator.Lt, ten), element).Should().BeTrue();
        InMemoryFilter.Matches(new BoundComparison(attribute, ComparisonOperator.Ge, ten), element).Should().BeFalse();
        InMemoryFilter.Matches(new BoundComparison(attribute, ComparisonOperator.Eq, new BoundLiteral(AttributeType.Integer, 9m)), Json("""{"level":"9"}""")).Should().BeTrue();
    }

    [Fact]
    public void A_value_filter_matches_when_some_element_matches()
    {
        const string user = """{"emails":[{"value":"a@x.org","type":"home"},{"value":"b@x.org","type":"work"}]}""";

        MatchesUserAttribute("emails[type eq \"work\" and value sw \"b\"]", user).Should().BeTrue();
        MatchesUserAttribute("emails[type eq \"work\" and value sw \"a\"]", user).Should().BeFalse();
    }

    private static bool Matches(string attribute, string filter, string element)
    {
        var parsed = FilterParser.Parse(filter);
        parsed.IsSuccess.Should().BeTrue(parsed.Error?.Detail);
        var bound = Binder.Bind(User, new ValuePathExpression(new AttributePath(null, attribute), parsed.Value!));
        bound.IsSuccess.Should().BeTrue(bound.Error?.Detail);
        return InMemoryFilter.Matches(((BoundValuePath)bound.Value!).Filter, Json(element));
    }

    private static bool MatchesUserAttribute(string filter, string document)
    {
        var parsed = FilterParser.Parse(filter);
        parsed.IsSuccess.Should().BeTrue(parsed.Error?.Detail);
        var bound = Binder.Bind(User, parsed.Value!);
        bound.IsSuccess.Should().BeTrue(bound.Error?.Detail);
        return InMemoryFilter.Matches(bound.Value!, Json(document));
    }

    private static BoundAttribute ElementAttribute(AttributeDefinition definition) =>
        new() { Attribute = definition, StoragePath = [definition.Name], IsElementRelative = true };
}
