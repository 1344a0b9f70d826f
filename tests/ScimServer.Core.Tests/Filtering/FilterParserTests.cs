using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Tests.Filtering;

public sealed class FilterParserTests
{
    private const string CoreUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static readonly FilterExpression A = new PresentExpression(Path("a"));
    private static readonly FilterExpression B = new PresentExpression(Path("b"));
    private static readonly FilterExpression C = new PresentExpression(Path("c"));

    // The example filters of RFC 7644 §3.4.2.2, in the order the RFC lists them.

    [Fact]
    public void Rfc_example_userName_eq_parses_to_a_comparison()
    {
        Parsed("userName eq \"bjensen\"").Should().Be(Eq(Path("userName"), "bjensen"));
    }

    [Fact]
    public void Rfc_example_with_a_sub_attribute_and_an_apostrophe_parses()
    {
        Parsed("name.familyName co \"O'Malley\"")
            .Should().Be(Compare(Path("name", "familyName"), ComparisonOperator.Co, "O'Malley"));
    }

    [Fact]
    public void Rfc_example_starts_with_parses()
    {
        Parsed("userName sw \"J\"").Should().Be(Compare(Path("userName"), ComparisonOperator.Sw, "J"));
    }

    [Fact]
    public void Rfc_example_with_a_schema_urn_prefix_splits_the_urn_from_the_attribute()
    {
        Parsed("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"")
            .Should().Be(Compare(new AttributePath(CoreUserUrn, "userName"), ComparisonOperator.Sw, "J"));
    }

    [Fact]
    public void Rfc_example_present_parses_without_a_value()
    {
        Parsed("title pr").Should().Be(new PresentExpression(Path("title")));
    }

    [Theory]
    [InlineData("gt", ComparisonOperator.Gt)]
    [InlineData("ge", ComparisonOperator.Ge)]
    [InlineData("lt", ComparisonOperator.Lt)]
    [InlineData("le", ComparisonOperator.Le)]
    public void Rfc_examples_comparing_meta_lastModified_parse(string op, ComparisonOperator expected)
    {
        Parsed($"meta.lastModified {op} \"2011-05-13T04:42:34Z\"")
            .Should().Be(Compare(Path("meta", "lastModified"), expected, "2011-05-13T04:42:34Z"));
    }

    [Fact]
    public void Rfc_example_present_and_comparison_parses()
    {
        Parsed("title pr and userType eq \"Employee\"")
            .Should().Be(new AndExpression(new PresentExpression(Path("title")), Eq(Path("userType"), "Employee")));
    }

    [Fact]
    public void Rfc_example_present_or_comparison_parses()
    {
        Parsed("title pr or userType eq \"Intern\"")
            .Should().Be(new OrExpression(new PresentExpression(Path("title")), Eq(Path("userType"), "Intern")));
    }

    [Fact]
    public void Rfc_example_with_a_urn_inside_the_value_keeps_the_value_whole()
    {
        Parsed("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"")
            .Should().Be(Eq(Path("schemas"), EnterpriseUserUrn));
    }

    [Fact]
    public void Rfc_example_with_a_grouped_or_parses()
    {
        Parsed("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")")
            .Should().Be(new AndExpression(
                Eq(Path("userType"), "Employee"),
                new OrExpression(
                    Compare(Path("emails"), ComparisonOperator.Co, "example.com"),
                    Compare(Path("emails", "value"), ComparisonOperator.Co, "example.org"))));
    }

    [Fact]
    public void Rfc_example_with_not_parses()
    {
        Parsed("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")")
            .Should().Be(new AndExpression(
                Compare(Path("userType"), ComparisonOperator.Ne, "Employee"),
                new NotExpression(new OrExpression(
                    Compare(Path("emails"), ComparisonOperator.Co, "example.com"),
                    Compare(Path("emails", "value"), ComparisonOperator.Co, "example.org")))));
    }

    [Fact]
    public void Rfc_example_with_a_parenthesised_single_comparison_parses()
    {
        Parsed("userType eq \"Employee\" and (emails.type eq \"work\")")
            .Should().Be(new AndExpression(Eq(Path("userType"), "Employee"), Eq(Path("emails", "type"), "work")));
    }

    [Fact]
    public void Rfc_example_with_a_value_path_parses()
    {
        Parsed("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]")
            .Should().Be(new AndExpression(
                Eq(Path("userType"), "Employee"),
                new ValuePathExpression(
                    Path("emails"),
                    new AndExpression(
                        Eq(Path("type"), "work"),
                        Compare(Path("value"), ComparisonOperator.Co, "@example.com")))));
    }

    [Fact]
    public void Rfc_example_with_two_value_paths_parses()
    {
        Parsed("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]")
            .Should().Be(new OrExpression(
                new ValuePathExpression(
                    Path("emails"),
                    new AndExpression(
                        Eq(Path("type"), "work"),
                        Compare(Path("value"), ComparisonOperator.Co, "@example.com"))),
                new ValuePathExpression(
                    Path("ims"),
                    new AndExpression(
                        Eq(Path("type"), "xmpp"),
                        Compare(Path("value"), ComparisonOperator.Co, "@foo.com")))));
    }

    // A value path followed by a sub-attribute (Entra ID's emails[type eq "work"].value eq "..."): the same tree as
    // the value filter with the comparison added inside it.

    [Fact]
    public void Entra_id_value_path_with_a_sub_attribute_parses_as_the_value_filter_with_the_comparison_inside()
    {
        Parsed("emails[type eq \"work\"].value eq \"ann@example.com\"")
            .Should().Be(Parsed("emails[type eq \"work\" and value eq \"ann@example.com\"]"))
            .And.Be(new ValuePathExpression(
                Path("emails"),
                new AndExpression(Eq(Path("type"), "work"), Eq(Path("value"), "ann@example.com"))));
    }

    [Theory]
    [InlineData("eq", ComparisonOperator.Eq)]
    [InlineData("ne", ComparisonOperator.Ne)]
    [InlineData("co", ComparisonOperator.Co)]
    [InlineData("sw", ComparisonOperator.Sw)]
    [InlineData("ew", ComparisonOperator.Ew)]
    [InlineData("gt", ComparisonOperator.Gt)]
    [InlineData("ge", ComparisonOperator.Ge)]
    [InlineData("lt", ComparisonOperator.Lt)]
    [InlineData("le", ComparisonOperator.Le)]
    public void Value_path_with_a_sub_attribute_takes_every_comparison_operator(string op, ComparisonOperator expected)
    {
        Parsed($"emails[type eq \"work\"].value {op} \"x\"")
            .Should().Be(new ValuePathExpression(
                Path("emails"),
                new AndExpression(Eq(Path("type"), "work"), Compare(Path("value"), expected, "x"))));
    }

    [Fact]
    public void Value_path_with_a_sub_attribute_takes_present()
    {
        Parsed("emails[type eq \"work\"].value pr")
            .Should().Be(new ValuePathExpression(
                Path("emails"),
                new AndExpression(Eq(Path("type"), "work"), new PresentExpression(Path("value")))));
    }

    [Fact]
    public void Value_path_with_a_sub_attribute_keeps_an_or_inside_the_brackets_together()
    {
        Parsed("emails[type eq \"work\" or type eq \"home\"].value eq \"x\"")
            .Should().Be(new ValuePathExpression(
                Path("emails"),
                new AndExpression(
                    new OrExpression(Eq(Path("type"), "work"), Eq(Path("type"), "home")),
                    Eq(Path("value"), "x"))));
    }

    [Fact]
    public void Value_path_with_a_sub_attribute_combines_with_and_or_and_not()
    {
        var workEmail = new ValuePathExpression(
            Path("emails"),
            new AndExpression(Eq(Path("type"), "work"), Eq(Path("value"), "x")));

        Parsed("userName eq \"ann\" or not (emails[type eq \"work\"].value eq \"x\") and title pr")
            .Should().Be(new OrExpression(
                Eq(Path("userName"), "ann"),
                new AndExpression(new NotExpression(workEmail), new PresentExpression(Path("title")))));
        Parsed("emails[type eq \"work\"].value eq \"x\" and userName eq \"ann\"")
            .Should().Be(new AndExpression(workEmail, Eq(Path("userName"), "ann")));
    }

    [Fact]
    public void Value_path_with_a_sub_attribute_keeps_a_schema_urn_on_the_attribute()
    {
        Parsed(CoreUserUrn + ":emails[type eq \"work\"].value eq \"x\"")
            .Should().Be(new ValuePathExpression(
                new AttributePath(CoreUserUrn, "emails"),
                new AndExpression(Eq(Path("type"), "work"), Eq(Path("value"), "x"))));
    }

    [Fact]
    public void Value_path_sub_attribute_comparison_counts_toward_the_limit()
    {
        var inner = string.Join(" or ", Enumerable.Repeat("type pr", FilterParser.MaxComparisons));

        FilterParser.Parse($"emails[{inner}].value eq \"x\"").Error!.Detail
            .Should().StartWith("The filter has more than the limit of 64 comparisons");
    }

    // Precedence and associativity.

    [Fact]
    public void And_binds_tighter_than_or_on_the_right()
    {
        Parsed("a pr or b pr and c pr").Should().Be(new OrExpression(A, new AndExpression(B, C)));
    }

    [Fact]
    public void And_binds_tighter_than_or_on_the_left()
    {
        Parsed("a pr and b pr or c pr").Should().Be(new OrExpression(new AndExpression(A, B), C));
    }

    [Fact]
    public void And_is_left_associative()
    {
        Parsed("a pr and b pr and c pr").Should().Be(new AndExpression(new AndExpression(A, B), C));
    }

    [Fact]
    public void Or_is_left_associative()
    {
        Parsed("a pr or b pr or c pr").Should().Be(new OrExpression(new OrExpression(A, B), C));
    }

    [Fact]
    public void Not_binds_tighter_than_and()
    {
        Parsed("not (a pr) and b pr").Should().Be(new AndExpression(new NotExpression(A), B));
    }

    [Fact]
    public void Not_inside_and_inside_or_keeps_each_level()
    {
        Parsed("a pr and not (b pr) or c pr")
            .Should().Be(new OrExpression(new AndExpression(A, new NotExpression(B)), C));
    }

    [Fact]
    public void Parentheses_override_precedence()
    {
        Parsed("(a pr or b pr) and c pr").Should().Be(new AndExpression(new OrExpression(A, B), C));
    }

    [Fact]
    public void Redundant_parentheses_leave_no_trace_in_the_tree()
    {
        Parsed("((a pr))").Should().Be(A);
    }

    [Fact]
    public void Not_can_wrap_another_not()
    {
        Parsed("not (not (a pr))").Should().Be(new NotExpression(new NotExpression(A)));
    }

    [Fact]
    public void Value_filter_has_its_own_precedence_and_grouping()
    {
        Parsed("emails[type eq \"work\" or not (primary eq true) and value pr]")
            .Should().Be(new ValuePathExpression(
                Path("emails"),
                new OrExpression(
                    Eq(Path("type"), "work"),
                    new AndExpression(
                        new NotExpression(new ComparisonExpression(Path("primary"), ComparisonOperator.Eq, FilterLiteral.True)),
                        new PresentExpression(Path("value"))))));
    }

    // Case-insensitivity: keywords match in any case, attribute names are kept as written.

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        Parsed("userName EQ \"x\" AND title Pr Or NOT (nickName pR)")
            .Should().Be(new OrExpression(
                new AndExpression(Eq(Path("userName"), "x"), new PresentExpression(Path("title"))),
                new NotExpression(new PresentExpression(Path("nickName")))));
    }

    [Fact]
    public void Attribute_names_are_kept_as_written()
    {
        Parsed("USERNAME eq \"x\" and Name.FamilyName eq \"y\"")
            .Should().Be(new AndExpression(Eq(Path("USERNAME"), "x"), Eq(Path("Name", "FamilyName"), "y")));
    }

    [Fact]
    public void Schema_urn_prefix_is_recognised_in_any_case()
    {
        Parsed("URN:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"")
            .Should().Be(Eq(new AttributePath("URN:ietf:params:scim:schemas:core:2.0:User", "userName"), "x"));
    }

    [Theory]
    [InlineData("eq", ComparisonOperator.Eq)]
    [InlineData("ne", ComparisonOperator.Ne)]
    [InlineData("co", ComparisonOperator.Co)]
    [InlineData("sw", ComparisonOperator.Sw)]
    [InlineData("ew", ComparisonOperator.Ew)]
    [InlineData("gt", ComparisonOperator.Gt)]
    [InlineData("ge", ComparisonOperator.Ge)]
    [InlineData("lt", ComparisonOperator.Lt)]
    [InlineData("le", ComparisonOperator.Le)]
    [InlineData("Eq", ComparisonOperator.Eq)]
    [InlineData("NE", ComparisonOperator.Ne)]
    [InlineData("cO", ComparisonOperator.Co)]
    public void Every_comparison_operator_is_recognised(string op, ComparisonOperator expected)
    {
        Parsed($"displayName {op} \"x\"").Should().Be(Compare(Path("displayName"), expected, "x"));
    }

    // Literals.

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("True")]
    public void True_is_a_boolean_in_any_case(string literal)
    {
        Parsed($"active eq {literal}").Should().Be(new ComparisonExpression(Path("active"), ComparisonOperator.Eq, FilterLiteral.True));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("FALSE")]
    public void False_is_a_boolean_in_any_case(string literal)
    {
        Parsed($"active eq {literal}").Should().Be(new ComparisonExpression(Path("active"), ComparisonOperator.Eq, FilterLiteral.False));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("NULL")]
    public void Null_is_a_literal_in_any_case(string literal)
    {
        Parsed($"title ne {literal}").Should().Be(new ComparisonExpression(Path("title"), ComparisonOperator.Ne, FilterLiteral.Null));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("42")]
    [InlineData("-7")]
    [InlineData("3.14")]
    [InlineData("-0.5")]
    [InlineData("1e10")]
    [InlineData("1E+10")]
    [InlineData("2.5e-3")]
    [InlineData("12345678901234567890123456789")]
    public void Numbers_keep_their_text_as_written(string number)
    {
        Parsed($"age gt {number}")
            .Should().Be(new ComparisonExpression(Path("age"), ComparisonOperator.Gt, FilterLiteral.Number(number)));
    }

    [Theory]
    [InlineData(@"""a\""b""", "a\"b")]
    [InlineData(@"""a\\b""", "a\\b")]
    [InlineData(@"""a\/b""", "a/b")]
    [InlineData(@"""\b\f\n\r\t""", "\b\f\n\r\t")]
    [InlineData(@"""caf\u00e9""", "café")]
    [InlineData(@"""\u0041BC""", "ABC")]
    [InlineData(@"""\ud83d\ude00""", "\ud83d\ude00")]
    [InlineData(@"""""", "")]
    [InlineData(@"""a) or (b [c] and""", "a) or (b [c] and")]
    public void Strings_are_unescaped_as_json(string literal, string expected)
    {
        Parsed($"displayName eq {literal}").Should().Be(Eq(Path("displayName"), expected));
    }

    // Attribute paths.

    [Fact]
    public void Ref_is_accepted_as_a_sub_attribute_name()
    {
        Parsed("members.$ref eq \"https://example.com/v2/Users/1\" and manager.$ref pr")
            .Should().Be(new AndExpression(
                Eq(Path("members", "$ref"), "https://example.com/v2/Users/1"),
                new PresentExpression(Path("manager", "$ref"))));
    }

    [Fact]
    public void Extension_urn_prefix_is_split_at_the_last_colon_before_the_attribute()
    {
        Parsed("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"")
            .Should().Be(Eq(new AttributePath(EnterpriseUserUrn, "manager", "value"), "26118915-6090-4610-87e4-49d8ca9f808d"));
    }

    [Fact]
    public void Attribute_names_may_hold_digits_hyphens_and_underscores()
    {
        Parsed("x-custom_attr2 pr").Should().Be(new PresentExpression(Path("x-custom_attr2")));
    }

    [Fact]
    public void Whitespace_around_tokens_is_ignored()
    {
        Parsed("  \t( userName   eq \"x\"\n)\r\n").Should().Be(Eq(Path("userName"), "x"));
    }

    // Invalid filters, with the exact message.

    [Theory]
    [InlineData("", "The filter is empty.")]
    [InlineData("   ", "The filter is empty.")]
    [InlineData("userName", "Expected a comparison operator after 'userName' at position 8.")]
    [InlineData("userName \"bjensen\"", "Expected a comparison operator after 'userName' at position 9.")]
    [InlineData("userName eqq \"bjensen\"", "Unknown operator 'eqq' at position 9.")]
    [InlineData("userName eq", "Expected a value after 'eq' at position 11.")]
    [InlineData("userName eq )", "Expected a value after 'eq' at position 12.")]
    [InlineData("userName eq bjensen", "Expected a value after 'eq' at position 12 but found 'bjensen'; strings must be in double quotes.")]
    [InlineData("userName eq \"bjensen", "Unterminated string starting at position 12.")]
    [InlineData("userName eq \"bjensen\\", "Unterminated string starting at position 12.")]
    [InlineData("(userName eq \"bjen\"))", "Unexpected ')' at position 20.")]
    [InlineData("userName eq \"x\" and", "Expected a filter expression after 'and' at position 19.")]
    [InlineData("title pr and (", "Expected a filter expression after '(' at position 14.")]
    [InlineData("userName eq \"x\" userType eq \"y\"", "Expected 'and' or 'or' but found 'userType' at position 16.")]
    [InlineData("userName eq \"x\" and (title pr userType pr)", "Expected 'and', 'or' or ')' but found 'userType' at position 30.")]
    [InlineData("(userName eq \"x\"", "Missing ')' for the '(' at position 0.")]
    [InlineData("emails[type eq \"work\"", "Missing ']' for the '[' at position 6.")]
    [InlineData("emails[type eq \"work\"]]", "Unexpected ']' at position 22.")]
    [InlineData("emails[type eq \"work\")", "Unexpected ')' at position 21.")]
    [InlineData("(title pr]", "Unexpected ']' at position 9.")]
    [InlineData("emails[]", "Unexpected ']' at position 7.")]
    [InlineData("()", "Unexpected ')' at position 1.")]
    [InlineData("userName eq \"x\".", "Unexpected '.' at position 15.")]
    [InlineData("emails[type[value eq \"x\"]]", "Value filters cannot be nested: unexpected '[' at position 11.")]
    [InlineData("emails[type eq \"work\"].value", "Expected a comparison operator after 'value' at position 28.")]
    [InlineData("emails[type eq \"work\"].", "Expected a sub-attribute name after '.' at position 23.")]
    [InlineData("emails[type eq \"work\"]. value eq \"x\"", "Expected a sub-attribute name after '.' at position 24.")]
    [InlineData("emails[type eq \"work\"].(value eq \"x\")", "Expected a sub-attribute name after '.' at position 23.")]
    [InlineData("emails[type eq \"work\"].value.display eq \"x\"", "Invalid sub-attribute name 'value.display' at position 23.")]
    [InlineData("emails[type eq \"work\"].$where eq \"x\"", "Invalid sub-attribute name '$where' at position 23.")]
    [InlineData("emails[type eq \"work\"].value[type eq \"x\"]", "A value filter cannot follow the sub-attribute 'value' at position 28.")]
    [InlineData("emails[type eq \"work\"].value eq \"x\".", "Unexpected '.' at position 35.")]
    [InlineData("name.givenName[value eq \"x\"]", "A value filter cannot follow the sub-attribute path 'name.givenName' at position 14.")]
    [InlineData("not userName eq \"x\"", "Expected '(' after 'not' at position 4.")]
    [InlineData("title pr \"x\"", "Unexpected value after 'pr' at position 9; 'pr' takes no value.")]
    [InlineData("and title pr", "Unexpected 'and' at position 0.")]
    [InlineData("title pr or or x pr", "Unexpected 'or' at position 12.")]
    [InlineData("\"bjensen\" eq userName", "Expected an attribute path but found a string at position 0.")]
    [InlineData("userName eq \"x\" or 5", "Expected an attribute path but found '5' at position 19.")]
    [InlineData("a.b.c pr", "The attribute path 'a.b.c' at position 0 has more than one sub-attribute.")]
    [InlineData("name. pr", "Empty attribute name in 'name.' at position 5.")]
    [InlineData("$where eq 1", "Invalid attribute name '$where' at position 0.")]
    [InlineData("name.$gt eq 1", "Invalid attribute name '$gt' at position 5.")]
    [InlineData("1userName eq 1", "Invalid number '1userName' at position 0.")]
    [InlineData("foo:bar eq \"x\"", "The attribute path 'foo:bar' at position 0 contains ':' but does not start with a schema URN ('urn:').")]
    [InlineData("urn:x:y: pr", "The attribute path 'urn:x:y:' at position 0 has no attribute name after the schema URN.")]
    [InlineData("urn::y:title pr", "Invalid schema URN 'urn::y' at position 0.")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User eq \"x\"", "The schema URN 'urn:ietf:params:scim:schemas:core:2.0:User' at position 0 is not an attribute path.")]
    [InlineData("userName eq 01", "Invalid number '01' at position 12.")]
    [InlineData("userName eq 1.", "Invalid number '1.' at position 12.")]
    [InlineData("userName eq 1e", "Invalid number '1e' at position 12.")]
    [InlineData("userName eq -", "Invalid number '-' at position 12.")]
    [InlineData("userName eq 12abc", "Invalid number '12abc' at position 12.")]
    [InlineData("userName eq \"a\\qb\"", "Invalid escape '\\q' at position 14.")]
    [InlineData("userName eq \"\\u12G4\"", "Invalid escape '\\u12' at position 13; '\\u' needs four hexadecimal digits.")]
    [InlineData("userName eq \"a\u0001b\"", "Control character U+0001 at position 14 must be escaped in a string.")]
    [InlineData("userName\u0000eq \"x\"", "Unexpected character U+0000 at position 8.")]
    [InlineData("userNamé eq \"x\"", "Unexpected character 'é' at position 7.")]
    [InlineData("{\"$gt\":1}", "Unexpected character '{' at position 0.")]
    public void Invalid_filter_is_rejected_with_a_message_that_names_the_position(string filter, string message)
    {
        FilterParser.Parse(filter).Error.Should().Be(ScimError.InvalidFilter(message));
    }

    // Hostile input and limits.

    [Theory]
    [InlineData("$where")]
    [InlineData("$where eq \"this.a == 1\"")]
    [InlineData("{\"$gt\":1}")]
    [InlineData("userName eq {\"$ne\": null}")]
    [InlineData("'; DROP TABLE users; --")]
    [InlineData("userName eq \"x\" || 1==1")]
    [InlineData("userName eq 'x'")]
    [InlineData("[[[[")]
    [InlineData("]]]]")]
    [InlineData("((((")]
    [InlineData("))))")]
    [InlineData("eq eq eq")]
    [InlineData("\0\0\0")]
    [InlineData("userName eq \"\u001b[31m\"")]
    [InlineData("userName eq \\")]
    public void Hostile_input_is_an_invalid_filter(string filter)
    {
        var result = FilterParser.Parse(filter);

        result.IsSuccess.Should().BeFalse();
        result.Error!.ScimType.Should().Be(ScimType.InvalidFilter);
    }

    [Fact]
    public void Filter_longer_than_the_limit_is_rejected_before_parsing()
    {
        var filter = "userName eq \"" + new string('a', FilterParser.MaxLength) + "\"";

        FilterParser.Parse(filter).Error.Should().Be(
            ScimError.InvalidFilter("The filter is longer than the limit of 4096 characters."));
    }

    [Fact]
    public void Filter_of_exactly_the_maximum_length_is_accepted()
    {
        var value = new string('a', FilterParser.MaxLength - "userName eq \"\"".Length);

        Parsed($"userName eq \"{value}\"").Should().Be(Eq(Path("userName"), value));
    }

    [Fact]
    public void Nesting_up_to_the_depth_limit_is_accepted()
    {
        var filter = new string('(', FilterParser.MaxDepth) + "title pr" + new string(')', FilterParser.MaxDepth);

        Parsed(filter).Should().Be(new PresentExpression(Path("title")));
    }

    [Fact]
    public void Nesting_parentheses_beyond_the_depth_limit_is_rejected()
    {
        var filter = new string('(', 17) + "title pr" + new string(')', 17);

        FilterParser.Parse(filter).Error.Should().Be(
            ScimError.InvalidFilter("The filter nests deeper than the limit of 16 levels at position 16."));
    }

    [Fact]
    public void Nesting_not_beyond_the_depth_limit_is_rejected()
    {
        var filter = string.Concat(Enumerable.Repeat("not (", 17)) + "title pr" + new string(')', 17);

        FilterParser.Parse(filter).Error.Should().Be(
            ScimError.InvalidFilter("The filter nests deeper than the limit of 16 levels at position 84."));
    }

    [Fact]
    public void Value_filter_counts_as_a_nesting_level()
    {
        var filter = new string('(', 16) + "emails[type eq \"work\"]" + new string(')', 16);

        FilterParser.Parse(filter).Error.Should().Be(
            ScimError.InvalidFilter("The filter nests deeper than the limit of 16 levels at position 22."));
    }

    [Fact]
    public void Thousands_of_open_parentheses_end_in_an_error_not_a_stack_overflow()
    {
        var filter = new string('(', FilterParser.MaxLength);

        FilterParser.Parse(filter).Error!.ScimType.Should().Be(ScimType.InvalidFilter);
    }

    [Fact]
    public void Comparisons_up_to_the_limit_are_accepted()
    {
        var filter = string.Join(" or ", Enumerable.Repeat("title pr", FilterParser.MaxComparisons));

        FilterParser.Parse(filter).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void Comparisons_beyond_the_limit_are_rejected()
    {
        var filter = string.Join(" or ", Enumerable.Repeat("title pr", 65));

        FilterParser.Parse(filter).Error.Should().Be(
            ScimError.InvalidFilter("The filter has more than the limit of 64 comparisons at position 768."));
    }

    [Fact]
    public void Comparisons_inside_value_filters_count_toward_the_limit()
    {
        var inner = string.Join(" or ", Enumerable.Repeat("value pr", 65));

        FilterParser.Parse($"emails[{inner}]").Error!.Detail
            .Should().StartWith("The filter has more than the limit of 64 comparisons");
    }

    [Fact]
    public void Random_token_soup_never_throws()
    {
        // A fixed seed: the same inputs on every run, no order dependence.
        var random = new Random(7644);
        string[] pieces =
        [
            "userName", "emails", "name.familyName", "members.$ref", CoreUserUrn + ":userName", "eq", "pr", "gt",
            "and", "or", "not", "(", ")", "[", "]", ".", "\"x\"", "\"", "\\", "\\u12", "1", "-", "1e", "true",
            "null", " ", "\t", "\0", "{", "$where", ":", "urn:", "\u00e9", "\ud83d",
        ];

        for (var i = 0; i < 5000; i++)
        {
            var filter = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => pieces[random.Next(pieces.Length)]));

            var result = FilterParser.Parse(filter);

            (result.IsSuccess || result.Error!.ScimType == ScimType.InvalidFilter).Should().BeTrue(filter);
        }
    }

    private static FilterExpression Parsed(string filter)
    {
        var result = FilterParser.Parse(filter);
        result.Error.Should().BeNull();
        return result.Value!;
    }

    private static AttributePath Path(string name, string? subAttribute = null) => new(null, name, subAttribute);

    private static ComparisonExpression Eq(AttributePath path, string value) =>
        Compare(path, ComparisonOperator.Eq, value);

    private static ComparisonExpression Compare(AttributePath path, ComparisonOperator op, string value) =>
        new(path, op, FilterLiteral.String(value));
}
