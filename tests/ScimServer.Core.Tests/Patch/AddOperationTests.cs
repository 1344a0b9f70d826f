using ScimServer.Core.Protocol;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class AddOperationTests
{
    [Fact]
    public void Add_sets_a_single_valued_attribute()
    {
        var document = PatchUser(Babs, Request("""[{"op":"add","path":"nickName","value":"Babs"}]"""));

        document.ShouldBeJson("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"2819c223","userName":"bjensen",
             "name":{"familyName":"Jensen","givenName":"Barbara"},
             "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
             "meta":{"resourceType":"User","version":"W/\"3\""},"nickName":"Babs"}
            """);
    }

    [Fact]
    public void Add_overwrites_a_single_valued_attribute_that_has_a_value()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"userName","value":"babs"}]"""))["userName"]!.ShouldBeJson("\"babs\"");
    }

    [Fact]
    public void Attribute_names_take_the_schema_spelling()
    {
        var document = PatchUser(Babs, Request("""[{"op":"add","path":"NICKNAME","value":"Babs"}]"""));

        document.Property("nickName").Should().NotBeNull();
        document.Property("NICKNAME").Should().BeNull();
    }

    [Fact]
    public void Add_merges_sub_attributes_into_a_complex_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"name","value":{"MiddleName":"Jane","givenName":"Babs"}}]"""))["name"]!
            .ShouldBeJson("""{"familyName":"Jensen","givenName":"Babs","middleName":"Jane"}""");
    }

    [Fact]
    public void Add_sets_a_sub_attribute_named_by_a_dotted_path()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"name.honorificPrefix","value":"Ms."}]"""))["name"]!
            .ShouldBeJson("""{"familyName":"Jensen","givenName":"Barbara","honorificPrefix":"Ms."}""");
    }

    [Fact]
    public void Add_creates_a_complex_attribute_from_a_dotted_path()
    {
        PatchUser("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x"}""",
                Request("""[{"op":"add","path":"name.givenName","value":"Ann"}]"""))
            .ShouldBeJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x","name":{"givenName":"Ann"}}""");
    }

    [Fact]
    public void Add_appends_values_to_a_multi_valued_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home"}]}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}]""");
    }

    [Fact]
    public void Add_skips_a_value_that_is_already_there_whatever_the_spelling_of_its_names()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"emails","value":[{"Value":"bjensen@example.com","TYPE":"work","primary":true}]}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true}]""");
    }

    [Fact]
    public void Add_accepts_a_lone_value_for_a_multi_valued_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"phoneNumbers","value":{"value":"555-555-8377","type":"work"}}]"""))["phoneNumbers"]!
            .ShouldBeJson("""[{"value":"555-555-8377","type":"work"}]""");
    }

    [Fact]
    public void Adding_a_primary_value_makes_the_other_values_not_primary()
    {
        // RFC 7644 §3.5.2: the server sets "primary" to false on the other values.
        PatchUser(Babs, Request("""[{"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home","primary":true}]}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":false},{"value":"babs@jensen.org","type":"home","primary":true}]""");
    }

    [Fact]
    public void Add_without_a_path_adds_each_attribute_of_the_value()
    {
        // RFC 7644 §3.5.2.1, the example without a path.
        var document = PatchUser(Babs, Request("""
            [{"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"nickname":"Babs"}}]
            """));

        document["emails"]!.ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}]""");
        document["nickName"]!.ShouldBeJson("\"Babs\"");
    }

    [Fact]
    public void Add_with_a_value_filter_and_a_sub_attribute_sets_it_on_the_matching_values()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"emails[type eq \"work\"].display","value":"Work"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true,"display":"Work"}]""");
    }

    [Fact]
    public void Add_with_an_equality_filter_that_matches_nothing_creates_the_value_it_describes()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"emails[type eq \"home\"].value","value":"babs@jensen.org"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true},{"type":"home","value":"babs@jensen.org"}]""");
    }

    [Fact]
    public void Add_with_equalities_joined_by_and_creates_a_value_with_each_of_them()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"phoneNumbers[type eq \"work\" and primary eq true].value","value":"555-555-8377"}]"""))["phoneNumbers"]!
            .ShouldBeJson("""[{"type":"work","primary":true,"value":"555-555-8377"}]""");
    }

    [Fact]
    public void Add_with_a_filter_that_is_not_plain_equality_and_matches_nothing_is_no_target()
    {
        var error = Fails(User, Babs, Request("""[{"op":"add","path":"emails[value ew \".org\"].display","value":"Home"}]"""));

        error.ScimType.Should().Be(ScimType.NoTarget);
        error.Detail.Should().Be("Operations[0]: 'emails[value ew \".org\"].display' matches no value of 'emails'.");
    }

    [Fact]
    public void Add_of_an_extension_attribute_stores_it_under_the_urn_and_lists_the_schema()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tour Operations"}]"""))
            .ShouldBeJson("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "id":"2819c223","userName":"bjensen","name":{"familyName":"Jensen","givenName":"Barbara"},
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
                 "meta":{"resourceType":"User","version":"W/\"3\""},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tour Operations"}}
                """);
    }

    [Fact]
    public void Add_to_a_multi_valued_string_attribute_skips_values_already_there()
    {
        const string user = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:access:2.0:User"],
             "userName":"x","urn:ietf:params:scim:schemas:extension:access:2.0:User":{"roles":["reader"]}}
            """;

        PatchUser(user, Request("""[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles","value":["reader","editor"]}]"""))
            ["urn:ietf:params:scim:schemas:extension:access:2.0:User"]!.ShouldBeJson("""{"roles":["reader","editor"]}""");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Add_with_an_empty_value_clears_the_target(string value)
    {
        PatchUser(Babs, Request($$"""[{"op":"add","path":"name.givenName","value":{{value}}}]"""))["name"]!
            .ShouldBeJson("""{"familyName":"Jensen"}""");
    }

    [Fact]
    public void Add_of_a_write_only_password_sets_it_for_validation_to_take()
    {
        PatchUser(Babs, Request("""[{"op":"add","path":"password","value":"t1meMa$heen"}]"""))["password"]!.ShouldBeJson("\"t1meMa$heen\"");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("meta.lastModified")]
    [InlineData("groups")]
    public void Add_to_a_read_only_attribute_is_a_mutability_error(string path)
    {
        var error = Fails(User, Babs, Request($$"""[{"op":"add","path":"{{path}}","value":"x"}]"""));

        error.ScimType.Should().Be(ScimType.Mutability);
        error.Status.Should().Be(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public void Add_of_an_unknown_attribute_is_an_invalid_path()
    {
        var error = Fails(User, Babs, Request("""[{"op":"add","path":"shoeSize","value":"9"}]"""));

        error.ScimType.Should().Be(ScimType.InvalidPath);
        error.Detail.Should().Be("Operations[0]: 'shoeSize' is not an attribute of the User resource.");
    }

    [Fact]
    public void A_value_filter_on_an_attribute_that_is_not_multi_valued_is_an_invalid_path()
    {
        Fails(User, Babs, Request("""[{"op":"add","path":"name[givenName eq \"Barbara\"].familyName","value":"J"}]"""))
            .ScimType.Should().Be(ScimType.InvalidPath);
    }

    [Fact]
    public void A_path_the_parser_rejects_keeps_the_parser_error()
    {
        Fails(User, Babs, Request("""[{"op":"add","path":"emails[type eq]","value":"x"}]"""))
            .ScimType.Should().Be(ScimType.InvalidFilter);
    }

    [Fact]
    public void The_input_document_is_never_modified()
    {
        var input = Json(Babs);
        var before = input.DeepClone();
        var operations = ScimServer.Core.Patch.PatchRequestReader.Read(Json(Request("""
            [{"op":"add","path":"emails","value":[{"value":"b@x.org","primary":true}]},{"op":"add","path":"name.givenName","value":"B"}]
            """))).Value!;

        new ScimServer.Core.Patch.PatchEngine(new ScimServer.Core.Schema.AttributeResolver(ScimServer.Core.Schema.SchemaRegistry.LoadEmbedded()))
            .Apply(User, input, operations).IsSuccess.Should().BeTrue();

        Newtonsoft.Json.Linq.JToken.DeepEquals(input, before).Should().BeTrue();
    }

    [Fact]
    public void A_failing_operation_fails_the_whole_request()
    {
        var error = Fails(User, Babs, Request("""[{"op":"add","path":"nickName","value":"Babs"},{"op":"add","path":"id","value":"x"}]"""));

        error.ScimType.Should().Be(ScimType.Mutability);
        error.Detail.Should().Be("Operations[1]: 'id' is read-only: the server sets it.");
    }
}
