using ScimServer.Core.Storage;
using static ScimServer.Core.Tests.Patch.PatchTestKit;

namespace ScimServer.Core.Tests.Patch;

/// <summary>
/// The request bodies Microsoft Entra ID and Okta send, verbatim, replayed against the engine.
/// Entra: "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"
/// (learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups) and "Known issues and
/// resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service", section
/// "Flags to alter the SCIM behavior" (aadOptscim062020)
/// (learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility).
/// Okta: "Okta and SCIM Version 2.0" (developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20).
/// </summary>
public sealed class IdentityProviderDialectTests
{
    private const string EntraUser = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id":"48af03ac28ad4fb88478","externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
         "active":true,"displayName":"Ryan Leenay",
         "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
         "name":{"familyName":"Leenay","givenName":"Ryan"},
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1000","department":"Tour Operations"},
         "meta":{"resourceType":"User","version":"W/\"1\""}}
        """;

    private const string EntraGroup = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"40734ae655284ad3abcc",
         "displayName":"Group1","meta":{"resourceType":"Group","version":"W/\"1\""}}
        """;

    private const string OktaUser = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"23a35c27-23d3-4c03-b4c5-6443c09e7173",
         "userName":"test.user@okta.local","name":{"givenName":"Test","familyName":"User"},"active":true,
         "emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],"meta":{"resourceType":"User"}}
        """;

    private const string OktaGroup = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
         "displayName":"Test SCIMv2","meta":{"resourceType":"Group"}}
        """;

    [Fact]
    public void Entra_updates_a_work_email_and_a_family_name()
    {
        // Entra tutorial, "Update User [Multi-valued properties]".
        var document = PatchUser(EntraUser, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},{"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}]}
            """);

        document["emails"]!.ShouldBeJson("""[{"primary":true,"type":"work","value":"updatedEmail@microsoft.com"}]""");
        document["name"]!.ShouldBeJson("""{"familyName":"updatedFamilyName","givenName":"Ryan"}""");
    }

    [Fact]
    public void Entra_updates_a_user_name()
    {
        // Entra tutorial, "Update User [Single-valued properties]".
        PatchUser(EntraUser, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"userName","value":"5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}
                """)["userName"]!
            .ShouldBeJson("\"5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com\"");
    }

    [Fact]
    public void Entra_disables_a_user()
    {
        // Entra tutorial, "Disable User".
        PatchUser(EntraUser, """
                {"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
                """)["active"]!
            .ShouldBeJson("false");
    }

    [Fact]
    public void Entra_without_the_flag_sends_active_as_a_string_which_validation_turns_into_a_boolean()
    {
        // Known issues, aadOptscim062020: without the flag, booleans are sent as strings.
        PatchUser(EntraUser, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """)["active"]!
            .ShouldBeJson("\"False\"");
    }

    [Fact]
    public void Entra_adds_a_first_work_email_through_a_filtered_path()
    {
        // Entra sends Add on a filtered path for a user with no email of that type yet.
        const string user = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ryan","title":"scim tester"}""";

        PatchUser(user, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"title","value":"tester"},{"op":"Add","path":"emails[type eq \"work\"].value","value":"ryan@contoso.com"}]}
                """)
            .ShouldBeJson("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ryan","title":"tester",
                 "emails":[{"type":"work","value":"ryan@contoso.com"}]}
                """);
    }

    [Fact]
    public void Entra_with_the_flag_replaces_several_attributes_in_one_value_without_a_path()
    {
        // Known issues, aadOptscim062020: "Requests to replace multiple attributes".
        var document = PatchUser(EntraUser, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"Pvlo","emails[type eq \"work\"].value":"TestBcwqnm@test.microsoft.com","name.givenName":"Gtfd","name.familyName":"Pkqf","externalId":"Eqpj","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Eqpj"}}]}
            """);

        document.ShouldBeJson("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"48af03ac28ad4fb88478","externalId":"Eqpj","userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
             "active":true,"displayName":"Pvlo",
             "emails":[{"primary":true,"type":"work","value":"TestBcwqnm@test.microsoft.com"}],
             "name":{"familyName":"Pkqf","givenName":"Gtfd"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"Eqpj","department":"Tour Operations"},
             "meta":{"resourceType":"User","version":"W/\"1\""}}
            """);
    }

    [Fact]
    public void Entra_replaces_a_given_name_with_a_dotted_key()
    {
        PatchUser(EntraUser, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","value":{"name.givenName":"Ann"}}]}
                """)["name"]!
            .ShouldBeJson("""{"familyName":"Leenay","givenName":"Ann"}""");
    }

    [Fact]
    public void Entra_sends_the_enterprise_manager_as_a_bare_id()
    {
        // Entra tutorial, the enterprise extension's manager: the value is the manager's id alone.
        PatchUser(EntraUser, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2819c223-7f76-453a-919d-413861904646"}]}
                """)[EnterpriseUrn]!
            .ShouldBeJson("""{"employeeNumber":"1000","department":"Tour Operations","manager":{"value":"2819c223-7f76-453a-919d-413861904646"}}""");
    }

    [Fact]
    public void Entra_renames_a_group()
    {
        // Entra tutorial, "Update Group [Non-member attributes]".
        var result = PatchResource(Group, EntraGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]}
            """);

        result.Document["displayName"]!.ShouldBeJson("\"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName\"");
        result.Members.Should().BeSameAs(MembershipChange.None);
    }

    [Fact]
    public void Entra_adds_a_member()
    {
        // Entra tutorial, "Update Group [Add Members]".
        var result = PatchResource(Group, EntraGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]}]}
            """);

        result.Document.ShouldBeJson(EntraGroup);
        result.Members.Should().BeEquivalentTo(new MembershipChange { Add = [new MemberEdge("f648f8d5ea4e4cd38e9c")] });
    }

    [Fact]
    public void Entra_removes_a_member_by_value_without_emptying_the_group()
    {
        // Entra tutorial, "Update Group [Remove Members]": only the member named goes.
        var result = PatchResource(Group, EntraGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"a2c8a9a4bbe6452a9e3d"}]}]}
            """);

        result.Members.Should().BeEquivalentTo(new MembershipChange { Remove = ["a2c8a9a4bbe6452a9e3d"] });
    }

    [Fact]
    public void Entra_with_the_flag_removes_a_member_through_a_value_filter()
    {
        // Known issues, aadOptscim062020: the member to remove is selected by a filter.
        var result = PatchResource(Group, EntraGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"16b083c0-f1e8-4544-b6ee-27a28dc98761\"]"}]}
            """);

        result.Members.Should().BeEquivalentTo(new MembershipChange { Remove = ["16b083c0-f1e8-4544-b6ee-27a28dc98761"] });
    }

    [Fact]
    public void Okta_deactivates_a_user_with_a_value_without_a_path()
    {
        // Okta SCIM 2.0 guide, "Update a specific User (PATCH)": deactivation.
        PatchUser(OktaUser, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}
                """)
            .ShouldBeJson("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"23a35c27-23d3-4c03-b4c5-6443c09e7173",
                 "userName":"test.user@okta.local","name":{"givenName":"Test","familyName":"User"},"active":false,
                 "emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],"meta":{"resourceType":"User"}}
                """);
    }

    [Fact]
    public void Okta_renames_a_group_and_echoes_its_id()
    {
        // Okta SCIM 2.0 guide, "Update a specific Group name": the id in the value is ignored.
        var result = PatchResource(Group, OktaGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b","displayName":"Test SCIMv2 renamed"}}]}
            """);

        result.Document.ShouldBeJson("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
             "displayName":"Test SCIMv2 renamed","meta":{"resourceType":"Group"}}
            """);
    }

    [Fact]
    public void Okta_adds_a_member_with_its_display_name()
    {
        // Okta SCIM 2.0 guide, "Update specific Group membership": add.
        var result = PatchResource(Group, OktaGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"89bb1940-b905-4575-9e7f-6f887cfb368e","display":"test.user@okta.local"}]}]}
            """);

        result.Document.ShouldBeJson(OktaGroup);
        result.Members.Should().BeEquivalentTo(new MembershipChange { Add = [new MemberEdge("89bb1940-b905-4575-9e7f-6f887cfb368e")] });
    }

    [Fact]
    public void Okta_removes_a_member_through_a_value_filter()
    {
        // Okta SCIM 2.0 guide, "Update specific Group membership": remove.
        var result = PatchResource(Group, OktaGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]"}]}
            """);

        result.Members.Should().BeEquivalentTo(new MembershipChange { Remove = ["89bb1940-b905-4575-9e7f-6f887cfb368e"] });
    }

    [Fact]
    public void Okta_empties_a_group_by_replacing_its_members_with_none()
    {
        // Okta group push, replacing the members with an empty list.
        var result = PatchResource(Group, OktaGroup, """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[]}]}
            """);

        result.Members.Should().BeEquivalentTo(new MembershipChange { ReplaceAll = true });
    }
}
