using ScimServer.Core.Protocol;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

/// <summary>
/// Value filters on a multi-valued attribute of plain values: the access extension's roles, a list of strings
/// (<c>roles[value eq "Analyst"]</c>, where <c>value</c> names the value itself).
/// </summary>
public sealed class PrimitiveValueFilterTests
{
    private const string Roles = "urn:ietf:params:scim:schemas:extension:access:2.0:User:roles";

    private const string Holder = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:access:2.0:User"],
         "id":"1","userName":"holder",
         "urn:ietf:params:scim:schemas:extension:access:2.0:User":{"roles":["Analyst","Developer","ITAdmin"]}}
        """;

    private static string[] RolesOf(Newtonsoft.Json.Linq.JObject document) =>
        document["urn:ietf:params:scim:schemas:extension:access:2.0:User"]!["roles"]!.Select(r => (string)r!).ToArray();

    [Fact]
    public void Remove_takes_out_only_the_named_value_ignoring_case_when_the_attribute_does()
    {
        var patched = PatchUser(Holder, Request($$"""[{"op":"remove","path":"{{Roles}}[value eq \"developer\"]"}]"""));

        RolesOf(patched).Should().Equal("Analyst", "ITAdmin");
    }

    [Fact]
    public void Remove_of_several_values_joined_by_or()
    {
        var patched = PatchUser(Holder, Request($$"""[{"op":"remove","path":"{{Roles}}[value eq \"Analyst\" or value eq \"ITAdmin\"]"}]"""));

        RolesOf(patched).Should().Equal("Developer");
    }

    [Fact]
    public void Replace_puts_the_new_value_in_place_of_the_named_one()
    {
        var patched = PatchUser(Holder, Request($$"""[{"op":"replace","path":"{{Roles}}[value eq \"Analyst\"]","value":"Administrator"}]"""));

        RolesOf(patched).Should().BeEquivalentTo("Developer", "ITAdmin", "Administrator");
    }

    [Fact]
    public void Add_with_a_filter_adds_the_named_value_once()
    {
        var patched = PatchUser(Holder, Request($$"""[{"op":"add","path":"{{Roles}}[value eq \"TenantAdmin\"]","value":"TenantAdmin"},{"op":"add","path":"{{Roles}}[value eq \"Analyst\"]","value":"Analyst"}]"""));

        RolesOf(patched).Should().Equal("Analyst", "Developer", "ITAdmin", "TenantAdmin");
    }

    [Fact]
    public void A_value_not_held_is_no_target()
    {
        Fails(User, Holder, Request($$"""[{"op":"remove","path":"{{Roles}}[value eq \"Pilot\"]"}]""")).ScimType.Should().Be(ScimType.NoTarget);
    }

    [Theory]
    [InlineData("value ne \\\"Analyst\\\"")]
    [InlineData("value co \\\"An\\\"")]
    [InlineData("type eq \\\"x\\\"")]
    public void Any_other_filter_on_plain_values_is_invalid_filter(string filter)
    {
        Fails(User, Holder, Request($$"""[{"op":"remove","path":"{{Roles}}[{{filter}}]"}]""")).ScimType.Should().Be(ScimType.InvalidFilter);
    }
}
