using ScimServer.Core.Protocol;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class RemoveOperationTests
{
    private const string TwoEmails = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen",
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true,"display":"Work"},{"value":"babs@jensen.org","type":"home"}]}
        """;

    // The home email sits between the two work emails, so removing "the first match and what follows" cannot pass.
    private const string TwoWorkEmails = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen",
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true,"display":"Work"},{"value":"babs@jensen.org","type":"home"},
                   {"value":"barbara@example.com","type":"work","display":"Other work"}]}
        """;

    private const string WithEnterprise = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"bjensen","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}
        """;

    [Fact]
    public void Remove_takes_a_single_valued_attribute_away()
    {
        PatchUser(Babs, Request("""[{"op":"remove","path":"userName"}]""")).Property("userName").Should().BeNull();
    }

    [Fact]
    public void Remove_of_a_sub_attribute_keeps_the_others()
    {
        PatchUser(Babs, Request("""[{"op":"remove","path":"name.givenName"}]"""))["name"]!.ShouldBeJson("""{"familyName":"Jensen"}""");
    }

    [Fact]
    public void Removing_the_last_sub_attribute_removes_the_complex_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"remove","path":"name.givenName"},{"op":"remove","path":"name.familyName"}]"""))
            .Property("name").Should().BeNull();
    }

    [Fact]
    public void Remove_of_a_multi_valued_attribute_removes_all_its_values()
    {
        PatchUser(TwoEmails, Request("""[{"op":"remove","path":"emails"}]"""))
            .ShouldBeJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}""");
    }

    [Fact]
    public void Remove_with_a_value_filter_removes_the_matching_values()
    {
        // RFC 7644 §3.5.2.2, removing the work emails that end in example.com.
        PatchUser(TwoEmails, Request("""[{"op":"remove","path":"emails[type eq \"work\" and value ew \"example.com\"]"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"babs@jensen.org","type":"home"}]""");
    }

    [Fact]
    public void Removing_every_value_through_a_filter_removes_the_attribute()
    {
        PatchUser(Babs, Request("""[{"op":"remove","path":"emails[type eq \"work\"]"}]""")).Property("emails").Should().BeNull();
    }

    [Fact]
    public void Remove_with_a_value_filter_that_matches_several_values_removes_every_one_of_them()
    {
        PatchUser(TwoWorkEmails, Request("""[{"op":"remove","path":"emails[type eq \"work\"]"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"babs@jensen.org","type":"home"}]""");
    }

    [Fact]
    public void Remove_of_a_sub_attribute_of_several_matching_values_takes_it_from_each()
    {
        PatchUser(TwoWorkEmails, Request("""[{"op":"remove","path":"emails[type eq \"work\"].display"}]"""))["emails"]!
            .ShouldBeJson("""
                [{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"},
                 {"value":"barbara@example.com","type":"work"}]
                """);
    }

    [Fact]
    public void Remove_with_a_value_filter_that_matches_nothing_is_no_target()
    {
        var error = Fails(User, TwoEmails, Request("""[{"op":"remove","path":"emails[type eq \"other\"]"}]"""));

        error.ScimType.Should().Be(ScimType.NoTarget);
        error.Detail.Should().Be("Operations[0]: 'emails[type eq \"other\"]' matches no value of 'emails'.");
    }

    [Fact]
    public void Remove_with_a_value_filter_removes_one_certificate()
    {
        // RFC 7644 §3.5.2.2, removing one value of x509Certificates.
        const string user = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen",
             "x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"},{"value":"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"}]}
            """;

        PatchUser(user, Request("""[{"op":"remove","path":"x509Certificates[value eq \"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx\"]"}]"""))["x509Certificates"]!
            .ShouldBeJson("""[{"value":"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"}]""");
    }

    [Fact]
    public void Remove_of_a_sub_attribute_of_the_matching_values_keeps_the_values()
    {
        PatchUser(TwoEmails, Request("""[{"op":"remove","path":"emails[type eq \"work\"].display"}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}]""");
    }

    [Fact]
    public void Remove_without_a_path_is_no_target()
    {
        var error = Fails(User, Babs, Request("""[{"op":"remove","value":{"nickName":"Babs"}}]"""));

        error.ScimType.Should().Be(ScimType.NoTarget);
        error.Detail.Should().Be("Operations[0]: A 'remove' operation needs a 'path' (RFC 7644 §3.5.2.2).");
    }

    [Fact]
    public void Removing_an_attribute_that_has_no_value_changes_nothing()
    {
        PatchUser(Babs, Request("""[{"op":"remove","path":"nickName"},{"op":"remove","path":"phoneNumbers"}]""")).ShouldBeJson(Babs);
    }

    [Fact]
    public void Remove_with_a_value_removes_only_the_values_it_names()
    {
        PatchUser(TwoEmails, Request("""[{"op":"remove","path":"emails","value":[{"value":"babs@jensen.org"}]}]"""))["emails"]!
            .ShouldBeJson("""[{"value":"bjensen@example.com","type":"work","primary":true,"display":"Work"}]""");
    }

    [Fact]
    public void Remove_with_a_value_that_is_not_there_changes_nothing()
    {
        PatchUser(TwoEmails, Request("""[{"op":"remove","path":"emails","value":[{"value":"nobody@x.org"}]}]""")).ShouldBeJson(TwoEmails);
    }

    [Fact]
    public void Removing_the_last_extension_attribute_removes_the_extension_and_its_schema()
    {
        PatchUser(WithEnterprise, Request("""[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]"""))
            .ShouldBeJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}""");
    }

    [Fact]
    public void Remove_of_a_whole_extension_by_its_urn()
    {
        PatchUser(WithEnterprise, Request("""[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]"""))
            .ShouldBeJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}""");
    }

    [Fact]
    public void Remove_of_an_unqualified_extension_attribute_finds_its_extension()
    {
        PatchUser(WithEnterprise, Request("""[{"op":"remove","path":"department"}]"""))
            .ShouldBeJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen"}""");
    }

    [Theory]
    [InlineData("meta")]
    [InlineData("id")]
    [InlineData("groups[value eq \"g1\"]")]
    public void Remove_of_a_read_only_attribute_is_a_mutability_error(string path)
    {
        Fails(User, Babs, Request($$"""[{"op":"remove","path":"{{path.Replace("\"", "\\\"", StringComparison.Ordinal)}}"}]"""))
            .ScimType.Should().Be(ScimType.Mutability);
    }

    [Fact]
    public void Remove_of_the_core_schema_is_an_invalid_path()
    {
        Fails(User, Babs, Request("""[{"op":"remove","path":"urn:ietf:params:scim:schemas:core:2.0:User"}]"""))
            .ScimType.Should().Be(ScimType.InvalidPath);
    }
}
