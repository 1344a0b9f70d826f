using Newtonsoft.Json.Linq;
using ScimServer.Core.Patch;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class ReplaceOperationTests
{
    private const string Addresses = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen",
         "addresses":[{"type":"work","streetAddress":"100 Universal City Plaza","locality":"Hollywood"},
                      {"type":"home","streetAddress":"456 Hollywood Blvd","locality":"Hollywood"}]}
        """;

    [Fact]
    public void Replace_sets_a_single_valued_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"replace","path":"userName","value":"babs"}]"""))["userName"]!.ShouldBeJson("\"babs\"");
    }

    [Fact]
    public void Replace_of_a_complex_attribute_leaves_the_sub_attributes_it_does_not_name()
    {
        // RFC 7644 §3.5.2.3: "Sub-attributes that are not specified in the value parameter are left unchanged."
        PatchUser(Babs, Request("""[{"op":"replace","path":"name","value":{"givenName":"Ann"}}]"""))["name"]!
            .ShouldBeJson("""{"familyName":"Jensen","givenName":"Ann"}""");
    }

    [Fact]
    public void Replace_of_a_multi_valued_attribute_replaces_all_its_values()
    {
        PatchUser(Babs, Request("""[{"op":"replace","path":"emails","value":[{"value":"babs@jensen.org","type":"home"}]}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"babs@jensen.org","type":"home"}]""");
    }

    [Fact]
    public void Replace_with_a_value_filter_replaces_the_matching_values()
    {
        // RFC 7644 §3.5.2.3, replacing the work address.
        var document = PatchUser(Addresses, Request("""
            [{"op":"replace","path":"addresses[type eq \"work\"]",
              "value":{"type":"work","streetAddress":"911 Universal City Plaza","locality":"Hollywood","region":"CA","postalCode":"91608","country":"US","formatted":"911 Universal City Plaza\nHollywood, CA 91608 US","primary":true}}]
            """));

        document["addresses"]!.ShouldBeJson("""
            [{"type":"work","streetAddress":"911 Universal City Plaza","locality":"Hollywood","region":"CA","postalCode":"91608","country":"US","formatted":"911 Universal City Plaza\nHollywood, CA 91608 US","primary":true},
             {"type":"home","streetAddress":"456 Hollywood Blvd","locality":"Hollywood"}]
            """);
    }

    [Fact]
    public void Replace_with_a_value_filter_and_a_sub_attribute_sets_only_that_sub_attribute()
    {
        // RFC 7644 §3.5.2.3, changing the street address of the work address.
        PatchUser(Addresses, Request("""[{"op":"replace","path":"addresses[type eq \"work\"].streetAddress","value":"1010 Broadway Ave"}]"""))["addresses"]!
            .ShouldBeJson("""
                [{"type":"work","streetAddress":"1010 Broadway Ave","locality":"Hollywood"},
                 {"type":"home","streetAddress":"456 Hollywood Blvd","locality":"Hollywood"}]
                """);
    }

    [Fact]
    public void Replace_with_an_equality_filter_that_matches_nothing_is_no_target_only_add_creates()
    {
        // RFC 7644 §3.5.2.3: a value filter that matches nothing is noTarget for replace; "add" creates (Entra ID's way).
        Fails(User, Babs, Request("""[{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"555-555-4444"}]"""))
            .ScimType.Should().Be(ScimType.NoTarget);
        PatchUser(Babs, Request("""[{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"555-555-4444"}]"""))["phoneNumbers"]!
            .ShouldBeJson("""[{"type":"mobile","value":"555-555-4444"}]""");
    }

    [Fact]
    public void Replace_with_another_filter_that_matches_nothing_is_no_target()
    {
        Fails(User, Babs, Request("""[{"op":"replace","path":"emails[type ne \"work\"].value","value":"x@y.org"}]"""))
            .ScimType.Should().Be(ScimType.NoTarget);
    }

    [Fact]
    public void Setting_one_value_primary_makes_the_others_not_primary()
    {
        const string user = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x",
             "emails":[{"value":"a@x.org","type":"work","primary":true},{"value":"b@x.org","type":"home"}]}
            """;

        PatchUser(user, Request("""[{"op":"replace","path":"emails[type eq \"home\"].primary","value":"True"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"a@x.org","type":"work","primary":false},{"value":"b@x.org","type":"home","primary":"True"}]""");
    }

    [Fact]
    public void Replace_without_a_path_replaces_each_attribute_of_the_value()
    {
        // RFC 7644 §3.5.2.3, the example without a path.
        var document = PatchUser(Babs, Request("""
            [{"op":"replace","value":{"emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],"nickname":"Babs"}}]
            """));

        document["emails"]!.ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}]""");
        document["nickName"]!.ShouldBeJson("\"Babs\"");
    }

    [Fact]
    public void Replace_without_a_path_reads_dotted_and_urn_qualified_keys()
    {
        PatchUser(Babs, Request("""
                [{"op":"replace","value":{"name.givenName":"Ann","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales"}}]
                """))
            .ShouldBeJson("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "id":"2819c223","userName":"bjensen","name":{"familyName":"Jensen","givenName":"Ann"},
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
                 "meta":{"resourceType":"User","version":"W/\"3\""},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}
                """);
    }

    [Fact]
    public void Replace_without_a_path_merges_an_extension_given_as_an_object()
    {
        const string user = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"x",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","costCenter":"4130"}}
            """;

        PatchUser(user, Request("""
                [{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Marketing","employeeNumber":"701984"}}}]
                """))[EnterpriseUrn]!
            .ShouldBeJson("""{"department":"Marketing","costCenter":"4130","employeeNumber":"701984"}""");
    }

    [Fact]
    public void Replace_of_a_whole_extension_by_its_path_merges_its_attributes()
    {
        PatchUser(Babs, Request("""[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"division":"Theme Park"}}]"""))[EnterpriseUrn]!
            .ShouldBeJson("""{"division":"Theme Park"}""");
    }

    [Fact]
    public void Replace_without_a_path_ignores_id_meta_and_schemas()
    {
        PatchUser(Babs, Request("""
                [{"op":"replace","value":{"id":"other","meta":{"version":"W/\"9\""},"schemas":["urn:x"],"displayName":"Babs"}}]
                """))
            .ShouldBeJson("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"2819c223","userName":"bjensen",
                 "name":{"familyName":"Jensen","givenName":"Barbara"},
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
                 "meta":{"resourceType":"User","version":"W/\"3\""},"displayName":"Babs"}
                """);
    }

    [Fact]
    public void Replace_without_a_path_needs_an_object()
    {
        var error = Fails(User, Babs, Request("""[{"op":"replace","value":"Babs"}]"""));

        error.ScimType.Should().Be(ScimType.InvalidValue);
        error.Detail.Should().Be("Operations[0]: 'replace' without a 'path' needs an object of attributes as its 'value'.");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("meta.version")]
    [InlineData("meta")]
    public void Replace_of_a_read_only_attribute_named_by_its_path_is_a_mutability_error(string path)
    {
        Fails(User, Babs, Request($$"""[{"op":"replace","path":"{{path}}","value":"x"}]"""))
            .ScimType.Should().Be(ScimType.Mutability);
    }

    [Fact]
    public void Replace_of_a_read_only_attribute_without_a_path_is_a_mutability_error()
    {
        Fails(User, Babs, Request("""[{"op":"replace","value":{"groups":[{"value":"g1"}]}}]"""))
            .ScimType.Should().Be(ScimType.Mutability);
    }

    [Theory]
    [InlineData("name", "null")]
    [InlineData("name", "{}")]
    [InlineData("emails", "[]")]
    [InlineData("emails", "null")]
    public void Replace_with_an_empty_value_removes_the_attribute(string path, string value)
    {
        PatchUser(Babs, Request($$"""[{"op":"replace","path":"{{path}}","value":{{value}}}]""")).Property(path).Should().BeNull();
    }

    [Fact]
    public void Replace_of_an_immutable_value_that_is_set_is_a_mutability_error()
    {
        var target = ImmutableTarget();

        PatchMutability.CheckImmutable(PatchOperationType.Replace, target, new JValue("a"), new JValue("b"))!.ScimType.Should().Be(ScimType.Mutability);
        PatchMutability.CheckImmutable(PatchOperationType.Remove, target, new JValue("a"), null)!.ScimType.Should().Be(ScimType.Mutability);
    }

    [Fact]
    public void An_immutable_value_may_be_set_while_unset_or_to_the_value_it_has()
    {
        var target = ImmutableTarget();

        PatchMutability.CheckImmutable(PatchOperationType.Add, target, null, new JValue("a")).Should().BeNull();
        PatchMutability.CheckImmutable(PatchOperationType.Replace, target, new JValue("a"), new JValue("a")).Should().BeNull();
    }

    private static PatchTarget ImmutableTarget() => new()
    {
        Text = "badge",
        Attribute = new AttributeDefinition { Name = "badge", Type = AttributeType.String, Mutability = Mutability.Immutable },
    };
}
