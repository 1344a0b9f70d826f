using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>The Groups resource: CRUD, members of type User and Group, and what membership does to users.</summary>
public sealed class GroupsTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public GroupsTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<string> NewUserAsync(string? displayName = null) =>
        (await _client.CreateUserAsync($"{Unique("member")}@example.com", u =>
        {
            if (displayName is not null)
            {
                u["displayName"] = displayName;
            }
        })).Id;

    private async Task<ScimResponse> NewGroupAsync(string displayName, params string[] members)
    {
        var response = await _client.PostAsync("/Groups", Groups.New(displayName, members));
        response.ShouldBe(HttpStatusCode.Created);
        return response;
    }

    private static IEnumerable<string> MemberIds(ScimResponse group) =>
        (group.Body!["members"] as JArray ?? []).Select(m => (string)m["value"]!);

    [Fact]
    public async Task Create_with_members_returns_them_with_ref_display_and_type()
    {
        var user = await NewUserAsync("Ann Lee");
        var inner = await NewGroupAsync(Unique("inner"));

        var response = await _client.PostAsync("/Groups", new JObject
        {
            ["schemas"] = new JArray(Groups.CoreSchema),
            ["displayName"] = "Engineering",
            ["externalId"] = "ext-eng",
            ["members"] = new JArray(new JObject { ["value"] = user, ["type"] = "User" }, new JObject { ["value"] = inner.Id }),
        });

        response.ShouldBe(HttpStatusCode.Created);
        response.ETag.Should().Be("W/\"1\"");
        ((string?)response.Body!["externalId"]).Should().Be("ext-eng");
        var members = (JArray)response.Body["members"]!;
        var userMember = members.Single(m => (string?)m["value"] == user);
        ((string?)userMember["type"]).Should().Be("User");
        ((string?)userMember["display"]).Should().Be("Ann Lee");
        ((string?)userMember["$ref"]).Should().EndWith($"/scim/v2/Users/{user}");
        var groupMember = members.Single(m => (string?)m["value"] == inner.Id);
        ((string?)groupMember["type"]).Should().Be("Group");
        ((string?)groupMember["$ref"]).Should().EndWith($"/scim/v2/Groups/{inner.Id}");
    }

    [Fact]
    public async Task Create_with_a_member_that_does_not_exist_is_400_and_creates_nothing()
    {
        var name = Unique("ghosts");
        var user = await NewUserAsync();

        var response = await _client.PostAsync("/Groups", Groups.New(name, user, "no-such-user"));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("no-such-user");
        (await _client.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"displayName eq \"{name}\""))).TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task Entra_IDs_create_group_request_with_its_ADSCIM_schema_urn_is_accepted()
    {
        // Microsoft Entra ID tutorial, Group operations, "Create Group".
        var body = JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1DisplayName","meta":{"resourceType":"Group"}}
            """);

        var response = await _client.PostAsync("/Groups", body);

        response.ShouldBe(HttpStatusCode.Created);
        response.Body!["schemas"]!.Values<string>().Should().Equal("urn:ietf:params:scim:schemas:core:2.0:Group");
    }

    [Fact]
    public async Task A_group_without_displayName_is_400()
    {
        var response = await _client.PostAsync("/Groups", new JObject { ["schemas"] = new JArray(Groups.CoreSchema) });

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task DisplayName_filters_case_insensitively_and_sorts()
    {
        var prefix = Unique("sorted");
        await NewGroupAsync($"{prefix}-b");
        await NewGroupAsync($"{prefix}-A");
        await NewGroupAsync($"{prefix}-c");

        var response = await _client.GetAsync("/Groups?sortBy=displayName&filter=" + Uri.EscapeDataString($"displayName sw \"{prefix.ToUpperInvariant()}\""));

        response.Resources.Select(r => (string)r["displayName"]!).Should().Equal($"{prefix}-A", $"{prefix}-b", $"{prefix}-c");
    }

    [Fact]
    public async Task ExternalId_and_member_filters_find_the_group()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync(Unique("filtered"), user);

        var byMember = await _client.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"members.value eq \"{user}\""));
        var byValuePath = await _client.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"members[value eq \"{user}\"]"));

        byMember.Resources.Select(r => (string)r["id"]!).Should().Equal(group.Id);
        byValuePath.Resources.Select(r => (string)r["id"]!).Should().Equal(group.Id);
    }

    [Fact]
    public async Task ExcludedAttributes_members_leaves_members_out()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync(Unique("quiet"), user);

        var get = await _client.GetAsync($"/Groups/{group.Id}?excludedAttributes=members");
        var list = await _client.GetAsync("/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString($"id eq \"{group.Id}\""));

        get.Body!["members"].Should().BeNull();
        get.Body["displayName"].Should().NotBeNull();
        list.Resources.Single()["members"].Should().BeNull();
    }

    [Fact]
    public async Task Put_replaces_the_members_and_the_version_grows()
    {
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        var group = await NewGroupAsync(Unique("put"), first);

        var response = await _client.PutAsync($"/Groups/{group.Id}", Groups.New("renamed", second));

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["displayName"]).Should().Be("renamed");
        MemberIds(response).Should().Equal(second);
        response.ETag.Should().Be("W/\"2\"");
        MemberIds(await _client.GetAsync($"/Groups/{group.Id}")).Should().Equal(second);
    }

    [Fact]
    public async Task Put_with_a_missing_member_changes_nothing()
    {
        var member = await NewUserAsync();
        var group = await NewGroupAsync(Unique("put-bad"), member);

        var response = await _client.PutAsync($"/Groups/{group.Id}", Groups.New("renamed", "nobody"));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        var after = await _client.GetAsync($"/Groups/{group.Id}");
        after.Body.ShouldEqualJson(group.Body);
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_from_its_groups()
    {
        var leaving = await NewUserAsync();
        var staying = await NewUserAsync();
        var group = await NewGroupAsync(Unique("leavers"), leaving, staying);

        (await _client.DeleteAsync($"/Users/{leaving}")).ShouldBe(HttpStatusCode.NoContent);

        MemberIds(await _client.GetAsync($"/Groups/{group.Id}")).Should().Equal(staying);
    }

    [Fact]
    public async Task Deleting_a_group_removes_it_from_its_parent_and_from_its_members_groups()
    {
        var user = await NewUserAsync();
        var child = await NewGroupAsync(Unique("child"), user);
        var parent = await NewGroupAsync(Unique("parent"), child.Id);

        (await _client.DeleteAsync($"/Groups/{child.Id}")).ShouldBe(HttpStatusCode.NoContent);

        (await _client.GetAsync($"/Groups/{parent.Id}")).Body!["members"].Should().BeNull();
        (await _client.GetAsync($"/Users/{user}")).Body!["groups"].Should().BeNull();
        (await _client.GetAsync($"/Groups/{child.Id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_users_groups_lists_direct_and_indirect_memberships()
    {
        var user = await NewUserAsync();
        var team = await NewGroupAsync(Unique("team"), user);
        var department = await NewGroupAsync(Unique("department"), team.Id);

        var response = await _client.GetAsync($"/Users/{user}");

        var groups = (JArray)response.Body!["groups"]!;
        var direct = groups.Single(g => (string?)g["value"] == team.Id);
        ((string?)direct["type"]).Should().Be("direct");
        ((string?)direct["display"]).Should().Be((string?)team.Body!["displayName"]);
        ((string?)direct["$ref"]).Should().EndWith($"/Groups/{team.Id}");
        ((string?)groups.Single(g => (string?)g["value"] == department.Id)["type"]).Should().Be("indirect");
    }

    [Fact]
    public async Task Users_are_filtered_by_group_including_nested_membership()
    {
        var direct = await NewUserAsync();
        var nested = await NewUserAsync();
        var outsider = await NewUserAsync();
        var team = await NewGroupAsync(Unique("team"), nested);
        var department = await NewGroupAsync(Unique("department"), direct, team.Id);

        var members = await _client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"groups.value eq \"{department.Id}\""));
        var notMembers = await _client.GetAsync("/Users?count=1000&filter=" + Uri.EscapeDataString($"groups.value ne \"{department.Id}\""));

        members.Resources.Select(r => (string)r["id"]!).Should().BeEquivalentTo(direct, nested);
        notMembers.Resources.Select(r => (string)r["id"]!).Should().Contain(outsider).And.NotContain(direct);
    }

    [Fact]
    public async Task A_users_groups_can_be_excluded_and_cannot_be_written()
    {
        var user = await NewUserAsync();
        await NewGroupAsync(Unique("g"), user);

        var excluded = await _client.GetAsync($"/Users/{user}?excludedAttributes=groups");
        var patch = await _client.PatchAsync($"/Users/{user}", Groups.Patch(Groups.Operation("add", "groups", Groups.MemberValues("x"))));

        excluded.Body!["groups"].Should().BeNull();
        patch.ShouldBeError(HttpStatusCode.BadRequest, "mutability");
    }

    [Fact]
    public async Task Unsupported_membership_filters_are_400_invalidFilter()
    {
        (await _client.GetAsync("/Users?filter=" + Uri.EscapeDataString("groups.display co \"x\""))).ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
        (await _client.GetAsync("/Groups?filter=" + Uri.EscapeDataString("members.value co \"x\""))).ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
    }

    public static TheoryData<string, string> MembersWithoutAValue()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "POST", "PUT", "PATCH add", "PATCH replace", "PATCH without path" })
        {
            foreach (var members in new[] { "[{}]", """[{"value":""}]""", """[{"display":"Babs Jensen","type":"User"}]""" })
            {
                data.Add(method, members);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MembersWithoutAValue))]
    public async Task A_member_without_a_value_is_400_invalidValue_on_every_write_path_and_changes_nothing(string method, string members)
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync(Unique("kept"), user);
        var value = JArray.Parse(members);
        var refused = Unique("refused");

        var response = await WriteMembersAsync(method, group, value, refused);

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("non-empty string 'value'");
        var current = await _client.GetAsync($"/Groups/{group.Id}");
        MemberIds(current).Should().Equal(user);
        current.ETag.Should().Be(group.ETag);
        (await _client.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"displayName eq \"{refused}\""))).TotalResults.Should().Be(0);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH add")]
    [InlineData("PATCH replace")]
    [InlineData("PATCH without path")]
    public async Task Sub_attributes_other_than_value_and_type_are_ignored_on_every_write_path(string method)
    {
        // Microsoft Entra ID's "addMember" request (its SCIM tutorial) sends a displayName that members do not have;
        // $ref and display are the server's to fill.
        var user = await NewUserAsync();
        var group = await NewGroupAsync(Unique("echo"));
        var value = JArray.Parse($$"""[{"value":"{{user}}","displayName":"new member","display":"Babs","$ref":null,"type":"User"}]""");

        var response = await WriteMembersAsync(method, group, value);

        response.Status.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent], response.RawBody);
        var id = method == "POST" ? response.Id : group.Id;
        MemberIds(await _client.GetAsync($"/Groups/{id}")).Should().Equal(user);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH add")]
    public async Task A_member_whose_type_contradicts_its_value_is_400_saying_what_it_is(string method)
    {
        var user = await NewUserAsync();
        var inner = await NewGroupAsync(Unique("inner"));
        var group = await NewGroupAsync(Unique("typed"));
        var value = JArray.Parse($$"""[{"value":"{{user}}","type":"Group"},{"value":"{{inner.Id}}","type":"User"}]""");

        var response = await WriteMembersAsync(method, group, value);

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Be($"'{user}' is a User, not a Group. '{inner.Id}' is a Group, not a User.");
        MemberIds(await _client.GetAsync($"/Groups/{group.Id}")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_group_named_as_its_own_member_is_400_saying_so()
    {
        var group = await NewGroupAsync(Unique("self"));

        var response = await WriteMembersAsync("PATCH add", group, Groups.MemberValues(group.Id, "no-such-id"));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Be(
            $"'{group.Id}' is this group: a group cannot be its own member. Not a user or group of this tenant: 'no-such-id'.");
    }

    /// <summary>Writes <paramref name="members"/> to a group through one of the write paths; POST creates a new group.</summary>
    private async Task<ScimResponse> WriteMembersAsync(string method, ScimResponse group, JArray members, string? newDisplayName = null)
    {
        JObject Body(string displayName)
        {
            var body = Groups.New(displayName);
            body["members"] = members;
            return body;
        }

        return method switch
        {
            "POST" => await _client.PostAsync("/Groups", Body(newDisplayName ?? Unique("written"))),
            "PUT" => await _client.PutAsync($"/Groups/{group.Id}", Body((string)group.Body!["displayName"]!)),
            "PATCH add" => await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", members))),
            "PATCH replace" => await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("replace", "members", members))),
            _ => await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", null, new JObject { ["members"] = members }))),
        };
    }

    [Fact]
    public async Task Groups_search_by_post_works()
    {
        var group = await NewGroupAsync(Unique("searched"));
        var search = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = $"displayName eq \"{group.Body!["displayName"]}\"",
        };

        var response = await _client.PostAsync("/Groups/.search", search);

        response.Resources.Select(r => (string)r["id"]!).Should().Equal(group.Id);
    }
}
