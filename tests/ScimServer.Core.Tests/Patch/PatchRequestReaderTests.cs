using Newtonsoft.Json.Linq;
using ScimServer.Core.Patch;
using ScimServer.Core.Protocol;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class PatchRequestReaderTests
{
    [Fact]
    public void Reads_operations_in_order_with_path_and_value()
    {
        var operations = Read(Request("""
            [{"op":"add","path":"nickName","value":"Babs"},{"op":"remove","path":"title"}]
            """));

        operations.Should().HaveCount(2);
        operations[0].Should().BeEquivalentTo(new { Op = PatchOperationType.Add, Path = "nickName" });
        operations[0].Value!.ToString().Should().Be("Babs");
        operations[1].Should().BeEquivalentTo(new { Op = PatchOperationType.Remove, Path = "title", Value = (JToken?)null });
    }

    [Theory]
    [InlineData("Add", PatchOperationType.Add)]
    [InlineData("Replace", PatchOperationType.Replace)]
    [InlineData("remove", PatchOperationType.Remove)]
    [InlineData("REPLACE", PatchOperationType.Replace)]
    public void Op_names_are_read_case_insensitively(string op, PatchOperationType expected)
    {
        Read(Request($$"""[{"op":"{{op}}","path":"title","value":"x"}]"""))[0].Op.Should().Be(expected);
    }

    [Fact]
    public void Member_names_are_read_case_insensitively()
    {
        var operations = Read("""
            {"Schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "operations":[{"Op":"replace","Path":"title","Value":"Boss"}]}
            """);

        operations[0].Should().BeEquivalentTo(new { Op = PatchOperationType.Replace, Path = "title" });
        operations[0].Value!.ToString().Should().Be("Boss");
    }

    [Fact]
    public void Path_is_optional()
    {
        Read(Request("""[{"op":"replace","value":{"active":false}}]"""))[0].Path.Should().BeNull();
    }

    [Fact]
    public void An_empty_path_counts_as_no_path()
    {
        Read(Request("""[{"op":"replace","path":"","value":{"active":false}}]"""))[0].Path.Should().BeNull();
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_invalid_syntax()
    {
        Error(new JArray()).ScimType.Should().Be(ScimType.InvalidSyntax);
        Error(null).ScimType.Should().Be(ScimType.InvalidSyntax);
    }

    [Fact]
    public void A_body_without_the_PatchOp_schema_is_invalid_syntax()
    {
        var error = Error(Json("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[{"op":"add","path":"title","value":"x"}]}"""));

        error.ScimType.Should().Be(ScimType.InvalidSyntax);
        error.Detail.Should().Be("'schemas' must contain \"urn:ietf:params:scim:api:messages:2.0:PatchOp\".");
    }

    [Fact]
    public void Missing_or_empty_operations_are_invalid_syntax()
    {
        Error(Json("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""")).ScimType.Should().Be(ScimType.InvalidSyntax);
        Error(Json(Request("[]"))).ScimType.Should().Be(ScimType.InvalidSyntax);
        Error(Json(Request("""{"op":"add"}"""))).ScimType.Should().Be(ScimType.InvalidSyntax);
    }

    [Fact]
    public void An_unknown_op_is_invalid_syntax_naming_it()
    {
        var error = Error(Json(Request("""[{"op":"move","path":"title"}]""")));

        error.ScimType.Should().Be(ScimType.InvalidSyntax);
        error.Detail.Should().Be("Operations[0]: 'move' is not an operation; use \"add\", \"remove\" or \"replace\".");
    }

    [Fact]
    public void A_missing_op_or_a_path_that_is_not_a_string_is_invalid_syntax()
    {
        Error(Json(Request("""[{"path":"title","value":"x"}]"""))).ScimType.Should().Be(ScimType.InvalidSyntax);
        Error(Json(Request("""[{"op":"add","path":42,"value":"x"}]"""))).ScimType.Should().Be(ScimType.InvalidSyntax);
        Error(Json(Request("""["add"]"""))).ScimType.Should().Be(ScimType.InvalidSyntax);
    }

    [Theory]
    [InlineData("""[{"op":"add","path":"title"}]""", "Operations[0]: 'add' needs a 'value' (RFC 7644 §3.5.2).")]
    [InlineData("""[{"op":"remove","path":"title"},{"op":"Replace","path":"title"}]""", "Operations[1]: 'replace' needs a 'value' (RFC 7644 §3.5.2).")]
    public void An_add_or_replace_without_a_value_is_invalid_value(string operations, string detail)
    {
        var error = Error(Json(Request(operations)));

        error.ScimType.Should().Be(ScimType.InvalidValue);
        error.Detail.Should().Be(detail);
    }

    [Fact]
    public void An_explicit_null_value_is_read_as_a_value()
    {
        Read(Request("""[{"op":"replace","path":"title","value":null}]"""))[0].Value!.Type.Should().Be(JTokenType.Null);
    }

    [Fact]
    public void More_than_a_thousand_operations_is_invalid_value()
    {
        var operations = string.Join(',', Enumerable.Repeat("""{"op":"add","path":"title","value":"x"}""", 1001));

        var error = Error(Json(Request($"[{operations}]")));

        error.ScimType.Should().Be(ScimType.InvalidValue);
        error.Detail.Should().Be("The request has 1001 operations; at most 1000 are allowed in one request.");
    }

    [Fact]
    public void A_thousand_operations_are_accepted()
    {
        var operations = string.Join(',', Enumerable.Repeat("""{"op":"add","path":"title","value":"x"}""", 1000));

        Read(Request($"[{operations}]")).Should().HaveCount(1000);
    }

    private static IReadOnlyList<PatchOperation> Read(string body)
    {
        var result = PatchRequestReader.Read(Json(body));
        result.IsSuccess.Should().BeTrue(result.Error?.Detail);
        return result.Value!;
    }

    private static ScimError Error(JToken? body)
    {
        var result = PatchRequestReader.Read(body);
        result.IsSuccess.Should().BeFalse();
        return result.Error!;
    }
}
