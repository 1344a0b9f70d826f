using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Tests.Filtering;

public sealed class PatchPathParserTests
{
    private const string CoreUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    [Fact]
    public void Plain_attribute_is_a_path_without_filter()
    {
        Parsed("userName").Should().Be(new PatchPath(Path("userName"), null, null));
    }

    [Fact]
    public void Sub_attribute_path_parses()
    {
        Parsed("name.familyName").Should().Be(new PatchPath(Path("name", "familyName"), null, null));
    }

    [Fact]
    public void Value_filter_on_members_parses()
    {
        // RFC 7644 §3.5.2.2, the removal of one member.
        Parsed("members[value eq \"2819c223-7f76-453a-919d-413861904646\"]")
            .Should().Be(new PatchPath(Path("members"), Eq(Path("value"), "2819c223-7f76-453a-919d-413861904646"), null));
    }

    [Fact]
    public void Value_filter_with_a_sub_attribute_parses()
    {
        Parsed("emails[type eq \"work\"].value")
            .Should().Be(new PatchPath(Path("emails"), Eq(Path("type"), "work"), "value"));
    }

    [Fact]
    public void Value_filter_may_combine_conditions()
    {
        Parsed("emails[type eq \"work\" and not (primary eq false)].display")
            .Should().Be(new PatchPath(
                Path("emails"),
                new AndExpression(
                    Eq(Path("type"), "work"),
                    new NotExpression(new ComparisonExpression(Path("primary"), ComparisonOperator.Eq, FilterLiteral.False))),
                "display"));
    }

    [Fact]
    public void Extension_attribute_with_a_sub_attribute_parses()
    {
        Parsed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
            .Should().Be(new PatchPath(new AttributePath(EnterpriseUserUrn, "manager", "value"), null, null));
    }

    [Fact]
    public void Extension_attribute_as_entra_id_sends_it_parses()
    {
        // Entra ID replaces the manager with path "<enterprise urn>:manager".
        Parsed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
            .Should().Be(new PatchPath(new AttributePath(EnterpriseUserUrn, "manager"), null, null));
    }

    [Fact]
    public void Bare_extension_urn_is_the_whole_extension_with_an_empty_attribute_name()
    {
        var path = Parsed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");

        path.Should().Be(new PatchPath(new AttributePath(EnterpriseUserUrn, string.Empty), null, null));
        path.IsWholeExtension.Should().BeTrue();
    }

    [Fact]
    public void Path_to_an_attribute_is_not_the_whole_extension()
    {
        Parsed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber").IsWholeExtension.Should().BeFalse();
    }

    [Fact]
    public void Core_urn_prefixed_value_path_with_a_sub_attribute_parses()
    {
        Parsed("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value")
            .Should().Be(new PatchPath(new AttributePath(CoreUserUrn, "emails"), Eq(Path("type"), "work"), "value"));
    }

    [Fact]
    public void Keywords_in_the_value_filter_are_case_insensitive_and_names_keep_their_case()
    {
        Parsed("Members[VALUE EQ \"x\" OR Value Eq \"y\"]")
            .Should().Be(new PatchPath(
                Path("Members"),
                new OrExpression(Eq(Path("VALUE"), "x"), Eq(Path("Value"), "y")),
                null));
    }

    [Fact]
    public void Ref_is_accepted_in_a_path_and_its_value_filter()
    {
        Parsed("members[$ref eq \"https://example.com/v2/Groups/1\"].$ref")
            .Should().Be(new PatchPath(Path("members"), Eq(Path("$ref"), "https://example.com/v2/Groups/1"), "$ref"));
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        Parsed("  emails[type eq \"work\"].value  ")
            .Should().Be(new PatchPath(Path("emails"), Eq(Path("type"), "work"), "value"));
    }

    [Theory]
    [InlineData("", "The path is empty.")]
    [InlineData("  ", "The path is empty.")]
    [InlineData("\"members\"", "Expected an attribute path but found a string at position 0.")]
    [InlineData("[value eq \"x\"]", "Expected an attribute path but found '[' at position 0.")]
    [InlineData("a.b.c", "The attribute path 'a.b.c' at position 0 has more than one sub-attribute.")]
    [InlineData("$where", "Invalid attribute name '$where' at position 0.")]
    [InlineData("emails.$gt", "Invalid attribute name '$gt' at position 7.")]
    [InlineData("foo:bar", "The attribute path 'foo:bar' at position 0 contains ':' but does not start with a schema URN ('urn:').")]
    [InlineData("members eq \"x\"", "Unexpected 'eq' at position 8.")]
    [InlineData("emails[type eq \"work\"].", "Expected a sub-attribute name after '.' at position 23.")]
    [InlineData("emails[type eq \"work\"].value.display", "Invalid sub-attribute name 'value.display' at position 23.")]
    [InlineData("emails[type eq \"work\"].$where", "Invalid sub-attribute name '$where' at position 23.")]
    [InlineData("emails[type eq \"work\"]x", "Unexpected 'x' at position 22.")]
    [InlineData("emails[type eq \"work\"][value eq \"x\"]", "Unexpected '[' at position 22.")]
    [InlineData("name.givenName[value eq \"x\"]", "A value filter cannot follow the sub-attribute path 'name.givenName' at position 14.")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User[value eq \"x\"]", "Unexpected '[' after the schema URN 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' at position 58.")]
    [InlineData("members{}", "Unexpected character '{' at position 7.")]
    public void Invalid_path_is_an_invalid_path_error_with_its_position(string path, string message)
    {
        FilterParser.ParsePatchPath(path).Error.Should().Be(ScimError.InvalidPath(message));
    }

    [Theory]
    [InlineData("emails[type eq \"work\"", "Missing ']' for the '[' at position 6.")]
    [InlineData("emails[type eqq \"work\"]", "Unknown operator 'eqq' at position 12.")]
    [InlineData("emails[type eq work]", "Expected a value after 'eq' at position 15 but found 'work'; strings must be in double quotes.")]
    [InlineData("emails[]", "Unexpected ']' at position 7.")]
    [InlineData("emails[type eq \"work\")", "Unexpected ')' at position 21.")]
    [InlineData("emails[type[value eq \"x\"]]", "Value filters cannot be nested: unexpected '[' at position 11.")]
    [InlineData("members[value eq \"x]", "Unterminated string starting at position 17.")]
    public void Invalid_value_filter_in_a_path_is_an_invalid_filter_error(string path, string message)
    {
        FilterParser.ParsePatchPath(path).Error.Should().Be(ScimError.InvalidFilter(message));
    }

    [Fact]
    public void Path_longer_than_the_limit_is_rejected()
    {
        var path = "members[value eq \"" + new string('a', FilterParser.MaxLength) + "\"]";

        FilterParser.ParsePatchPath(path).Error.Should().Be(
            ScimError.InvalidPath("The path is longer than the limit of 4096 characters."));
    }

    [Fact]
    public void Value_filter_in_a_path_obeys_the_depth_limit()
    {
        // The '[' is the first level, so 16 parentheses inside it are one too many.
        var path = "emails[" + new string('(', 16) + "type eq \"work\"" + new string(')', 16) + "]";

        FilterParser.ParsePatchPath(path).Error.Should().Be(
            ScimError.InvalidFilter("The filter nests deeper than the limit of 16 levels at position 22."));
    }

    private static PatchPath Parsed(string path)
    {
        var result = FilterParser.ParsePatchPath(path);
        result.Error.Should().BeNull();
        return result.Value!;
    }

    private static AttributePath Path(string name, string? subAttribute = null) => new(null, name, subAttribute);

    private static ComparisonExpression Eq(AttributePath path, string value) =>
        new(path, ComparisonOperator.Eq, FilterLiteral.String(value));
}
