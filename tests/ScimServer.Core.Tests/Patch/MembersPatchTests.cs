using ScimServer.Core.Patch;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

public sealed class MembersPatchTests
{
    private const string Tour = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba","displayName":"Tour Guides",
         "meta":{"resourceType":"Group","version":"W/\"7\""}}
        """;

    [Fact]
    public void Add_of_members_adds_edges_and_leaves_the_document_without_members()
    {
        // RFC 7644 §3.5.2.1, adding a member to a group.
        var result = PatchResource(Group, Tour, Request("""
            [{"op":"add","path":"members","value":[{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646","value":"2819c223-7f76-453a-919d-413861904646"}]}]
            """));

        result.Document.ShouldBeJson(Tour);
        ShouldBe(result.Members, replaceAll: false, add: [new MemberEdge("2819c223-7f76-453a-919d-413861904646")], remove: []);
    }

    [Fact]
    public void Remove_of_members_without_a_value_removes_every_member()
    {
        // RFC 7644 §3.5.2.2, removing all members of a group.
        ShouldBe(Members("""[{"op":"remove","path":"members"}]"""), replaceAll: true, add: [], remove: []);
    }

    [Fact]
    public void Remove_with_a_value_filter_removes_that_member()
    {
        // RFC 7644 §3.5.2.2, removing a single member from a group.
        ShouldBe(
            Members("""[{"op":"remove","path":"members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}]"""),
            replaceAll: false, add: [], remove: ["2819c223-7f76-453a-919d-413861904646"]);
    }

    [Fact]
    public void Remove_with_value_equalities_joined_by_or_removes_each_of_them()
    {
        ShouldBe(
            Members("""[{"op":"remove","path":"members[value eq \"a\" or value eq \"b\" or VALUE eq \"c\"]"}]"""),
            replaceAll: false, add: [], remove: ["a", "b", "c"]);
    }

    [Fact]
    public void Remove_all_members_then_add_some_is_a_replacement()
    {
        // RFC 7644 §3.5.2.2, replacing all members with a remove and an add in one request.
        var members = Members("""
            [{"op":"remove","path":"members"},
             {"op":"add","path":"members","value":[{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646","value":"2819c223-7f76-453a-919d-413861904646"},
                                                   {"display":"James Smith","$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210","value":"08e1d05d-121c-4561-8b96-473d93df9210"}]}]
            """);

        ShouldBe(members, replaceAll: true,
            add: [new MemberEdge("2819c223-7f76-453a-919d-413861904646"), new MemberEdge("08e1d05d-121c-4561-8b96-473d93df9210")], remove: []);
    }

    [Fact]
    public void Replace_of_members_replaces_every_member()
    {
        // RFC 7644 §3.5.2.3, replacing all the members of a group.
        var members = Members("""
            [{"op":"replace","path":"members","value":[{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646","value":"2819c223-7f76-453a-919d-413861904646"},
                                                       {"display":"James Smith","$ref":"https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210","value":"08e1d05d-121c-4561-8b96-473d93df9210"}]}]
            """);

        ShouldBe(members, replaceAll: true,
            add: [new MemberEdge("2819c223-7f76-453a-919d-413861904646"), new MemberEdge("08e1d05d-121c-4561-8b96-473d93df9210")], remove: []);
    }

    [Fact]
    public void Replace_of_members_with_null_removes_every_member()
    {
        ShouldBe(Members("""[{"op":"replace","path":"members","value":null}]"""), replaceAll: true, add: [], remove: []);
    }

    [Fact]
    public void Adding_then_removing_a_member_cancels_out()
    {
        ShouldBe(Members("""[{"op":"add","path":"members","value":[{"value":"a"}]},{"op":"remove","path":"members[value eq \"a\"]"}]"""),
            replaceAll: false, add: [], remove: ["a"]);
    }

    [Fact]
    public void Removing_then_adding_a_member_adds_it()
    {
        ShouldBe(Members("""[{"op":"remove","path":"members[value eq \"a\"]"},{"op":"add","path":"members","value":[{"value":"a"}]}]"""),
            replaceAll: false, add: [new MemberEdge("a")], remove: []);
    }

    [Fact]
    public void Removing_after_a_replacement_only_drops_the_member_from_the_replacement()
    {
        ShouldBe(Members("""[{"op":"replace","path":"members","value":[{"value":"a"},{"value":"b"}]},{"op":"remove","path":"members[value eq \"a\"]"}]"""),
            replaceAll: true, add: [new MemberEdge("b")], remove: []);
    }

    [Fact]
    public void Adding_the_same_member_twice_adds_it_once()
    {
        ShouldBe(Members("""[{"op":"add","path":"members","value":[{"value":"a"}]},{"op":"add","path":"members","value":[{"value":"a","type":"User"}]}]"""),
            replaceAll: false, add: [new MemberEdge("a", "User")], remove: []);
    }

    [Theory]
    [InlineData("user", "User")]
    [InlineData("GROUP", "Group")]
    public void A_member_type_takes_its_canonical_spelling(string type, string expected)
    {
        ShouldBe(Members($$"""[{"op":"add","path":"members","value":[{"value":"a","type":"{{type}}"}]}]"""),
            replaceAll: false, add: [new MemberEdge("a", expected)], remove: []);
    }

    [Fact]
    public void A_member_type_other_than_user_or_group_is_an_invalid_value()
    {
        Fails(Group, Tour, Request("""[{"op":"add","path":"members","value":[{"value":"a","type":"Device"}]}]"""))
            .ScimType.Should().Be(ScimType.InvalidValue);
    }

    [Theory]
    [InlineData("""[{"display":"Babs"}]""")]
    [InlineData("""[{"value":""}]""")]
    [InlineData("""[{"value":42}]""")]
    [InlineData("""["2819c223"]""")]
    public void A_member_without_a_string_value_is_an_invalid_value(string value)
    {
        var error = Fails(Group, Tour, Request($$"""[{"op":"add","path":"members","value":{{value}}}]"""));

        error.ScimType.Should().Be(ScimType.InvalidValue);
        error.Detail.Should().Be("Operations[0]: Each member must be an object with a non-empty string 'value', the member's id.");
    }

    [Theory]
    [InlineData("add", "{}")]
    [InlineData("replace", "{}")]
    [InlineData("replace", "\"\"")]
    [InlineData("replace", "[{}]")]
    public void A_value_that_is_not_a_list_of_members_is_refused_not_read_as_no_members(string op, string value)
    {
        var error = Fails(Group, Tour, Request($$"""[{"op":"{{op}}","path":"members","value":{{value}}}]"""));

        error.ScimType.Should().Be(ScimType.InvalidValue);
    }

    [Fact]
    public void A_members_filter_other_than_value_equality_is_an_invalid_filter()
    {
        var error = Fails(Group, Tour, Request("""[{"op":"remove","path":"members[type eq \"User\"]"}]"""));

        error.ScimType.Should().Be(ScimType.InvalidFilter);
        error.Detail.Should().Be("Operations[0]: 'members[type eq \"User\"]': only 'value eq \"<id>\"' filters, alone or joined with 'or', are supported for members.");
    }

    [Theory]
    [InlineData("add")]
    [InlineData("replace")]
    public void Add_or_replace_through_a_members_filter_is_an_invalid_path(string op)
    {
        Fails(Group, Tour, Request($$$"""[{"op":"{{{op}}}","path":"members[value eq \"a\"]","value":{"value":"b"}}]"""))
            .ScimType.Should().Be(ScimType.InvalidPath);
    }

    [Fact]
    public void A_members_display_path_is_a_mutability_error()
    {
        Fails(Group, Tour, Request("""[{"op":"replace","path":"members.display","value":"x"}]"""))
            .ScimType.Should().Be(ScimType.Mutability);
    }

    [Fact]
    public void A_members_value_path_is_an_invalid_path()
    {
        Fails(Group, Tour, Request("""[{"op":"add","path":"members.value","value":"x"}]"""))
            .ScimType.Should().Be(ScimType.InvalidPath);
    }

    [Fact]
    public void Members_in_a_value_without_a_path_are_added_or_replace_the_members()
    {
        ShouldBe(Members("""[{"op":"add","value":{"members":[{"value":"a"}]}}]"""), replaceAll: false, add: [new MemberEdge("a")], remove: []);
        ShouldBe(Members("""[{"op":"replace","value":{"members":[{"value":"a"}]}}]"""), replaceAll: true, add: [new MemberEdge("a")], remove: []);
    }

    [Fact]
    public void A_request_that_does_not_touch_members_changes_no_membership()
    {
        var result = PatchResource(Group, Tour, Request("""[{"op":"replace","path":"displayName","value":"Guides"}]"""));

        result.Members.Should().BeSameAs(MembershipChange.None);
        result.Document["displayName"]!.ShouldBeJson("\"Guides\"");
    }

    [Fact]
    public void Adding_an_empty_list_of_members_changes_nothing()
    {
        Members("""[{"op":"add","path":"members","value":[]}]""").Should().BeSameAs(MembershipChange.None);
    }

    [Fact]
    public void A_users_groups_cannot_be_patched()
    {
        Fails(User, Babs, Request("""[{"op":"add","path":"groups","value":[{"value":"e9e30dba"}]}]"""))
            .ScimType.Should().Be(ScimType.Mutability);
    }

    private static MembershipChange Members(string operations)
    {
        var result = PatchResource(Group, Tour, Request(operations));
        result.Document.ShouldBeJson(Tour);
        return result.Members;
    }

    private static void ShouldBe(MembershipChange change, bool replaceAll, MemberEdge[] add, string[] remove)
    {
        change.ReplaceAll.Should().Be(replaceAll);
        change.Add.Should().Equal(add);
        change.Remove.Should().Equal(remove);
    }
}
