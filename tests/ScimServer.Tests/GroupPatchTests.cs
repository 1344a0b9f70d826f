using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// PATCH /Groups/{id}: member changes in the dialects of Microsoft Entra ID ("Tutorial: develop and plan provisioning
/// for a SCIM endpoint", group requests; the aadOptscim062020 flag) and Okta ("SCIM 2.0 provisioning", group push).
/// </summary>
public sealed class GroupPatchTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public GroupPatchTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private async Task<string> NewUserAsync() => (await _client.CreateUserAsync($"gp-{Guid.NewGuid():N}@example.com")).Id;

    private async Task<ScimResponse> NewGroupAsync(params string[] members)
    {
        var response = await _client.PostAsync("/Groups", Groups.New($"group-{Guid.NewGuid():N}", members));
        response.ShouldBe(HttpStatusCode.Created);
        return response;
    }

    private async Task<List<string>> MembersOfAsync(string groupId) =>
        ((await _client.GetAsync($"/Groups/{groupId}")).Body!["members"] as JArray ?? []).Select(m => (string)m["value"]!).ToList();

    [Fact]
    public async Task Entra_ID_adds_a_member_and_gets_204_with_the_new_version()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync();
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"name":"addMember","op":"add","path":"members","value":[{"displayName":"new member","value":"{{user}}"}]}]}
            """);

        var response = await _client.PatchAsync($"/Groups/{group.Id}", body);

        response.Status.Should().Be(HttpStatusCode.NoContent, response.RawBody);
        response.ETag.Should().Be("W/\"2\"");
        (await MembersOfAsync(group.Id)).Should().Equal(user);
    }

    [Fact]
    public async Task Entra_ID_default_removal_with_a_value_array_removes_only_the_listed_members()
    {
        var leaving = await NewUserAsync();
        var staying = await NewUserAsync();
        var group = await NewGroupAsync(leaving, staying);
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Remove","path":"members","value":[{"value":"{{leaving}}"}]}]}
            """);

        var response = await _client.PatchAsync($"/Groups/{group.Id}", body);

        response.Status.Should().Be(HttpStatusCode.NoContent, response.RawBody);
        (await MembersOfAsync(group.Id)).Should().Equal(staying);
    }

    [Fact]
    public async Task The_aadOptscim062020_dialect_removes_a_member_by_value_filter()
    {
        var leaving = await NewUserAsync();
        var staying = await NewUserAsync();
        var group = await NewGroupAsync(leaving, staying);
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"remove","path":"members[value eq \"{{leaving}}\"]"}]}
            """);

        (await _client.PatchAsync($"/Groups/{group.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);

        (await MembersOfAsync(group.Id)).Should().Equal(staying);
    }

    [Fact]
    public async Task A_members_value_filter_that_matches_several_members_removes_each_of_them()
    {
        var first = await NewUserAsync();
        var staying = await NewUserAsync();
        var last = await NewUserAsync();
        var group = await NewGroupAsync(first, staying, last);
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"remove","path":"members[value eq \"{{first}}\" or value eq \"{{last}}\"]"}]}
            """);

        (await _client.PatchAsync($"/Groups/{group.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);

        (await MembersOfAsync(group.Id)).Should().Equal(staying);
    }

    [Fact]
    public async Task Okta_renames_with_a_path_less_replace_of_id_and_displayName()
    {
        var group = await NewGroupAsync();
        var body = JObject.Parse($$$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","value":{"id":"{{{group.Id}}}","displayName":"Renamed by Okta"}}]}
            """);

        (await _client.PatchAsync($"/Groups/{group.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);

        ((string?)(await _client.GetAsync($"/Groups/{group.Id}")).Body!["displayName"]).Should().Be("Renamed by Okta");
    }

    [Fact]
    public async Task Okta_replaces_all_members_with_a_path_less_replace()
    {
        var old = await NewUserAsync();
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        var group = await NewGroupAsync(old);
        var body = Groups.Patch(Groups.Operation("replace", null, new JObject { ["members"] = Groups.MemberValues(first, second) }));

        (await _client.PatchAsync($"/Groups/{group.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);

        (await MembersOfAsync(group.Id)).Should().BeEquivalentTo(first, second);
    }

    [Fact]
    public async Task Replace_members_with_an_empty_list_empties_the_group_even_when_already_empty()
    {
        var member = await NewUserAsync();
        var full = await NewGroupAsync(member);
        var empty = await NewGroupAsync();
        var body = Groups.Patch(Groups.Operation("replace", "members", new JArray()));

        (await _client.PatchAsync($"/Groups/{full.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);
        (await _client.PatchAsync($"/Groups/{empty.Id}", body)).Status.Should().Be(HttpStatusCode.NoContent);

        (await MembersOfAsync(full.Id)).Should().BeEmpty();
        (await MembersOfAsync(empty.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Re_adding_a_member_who_is_already_there_succeeds()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync(user);

        var response = await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user))));

        response.Status.Should().Be(HttpStatusCode.NoContent);
        (await MembersOfAsync(group.Id)).Should().Equal(user);
    }

    [Fact]
    public async Task Adding_a_member_that_does_not_exist_is_400_and_nothing_changes()
    {
        var user = await NewUserAsync();
        var existing = await NewUserAsync();
        var group = await NewGroupAsync(existing);
        var body = Groups.Patch(
            Groups.Operation("replace", "displayName", "should not stick"),
            Groups.Operation("add", "members", Groups.MemberValues(user, "ghost-id")));

        var response = await _client.PatchAsync($"/Groups/{group.Id}", body);

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("ghost-id");
        var after = await _client.GetAsync($"/Groups/{group.Id}");
        after.Body.ShouldEqualJson(group.Body);
    }

    [Fact]
    public async Task Patch_answers_200_with_the_group_when_attributes_are_asked_for()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync();

        var response = await _client.PatchAsync($"/Groups/{group.Id}?attributes=members,displayName",
            Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user))));

        response.ShouldBe(HttpStatusCode.OK);
        response.Body!["members"]!.Select(m => (string)m["value"]!).Should().Equal(user);
    }

    [Fact]
    public async Task Membership_changes_change_the_groups_version()
    {
        var user = await NewUserAsync();
        var group = await NewGroupAsync();

        await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user))));
        await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("remove", $"members[value eq \"{user}\"]", null)));

        var after = await _client.GetAsync($"/Groups/{group.Id}");
        after.ETag.Should().Be("W/\"3\"");
        ((string?)after.Body!["meta"]!["version"]).Should().Be("W/\"3\"");
    }

    [Fact]
    public async Task Concurrent_patches_adding_different_members_all_land()
    {
        var group = await NewGroupAsync();
        var users = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            users.Add(await NewUserAsync());
        }

        var responses = await Task.WhenAll(users.Select(user =>
            _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user))))));

        responses.Should().OnlyContain(r => r.Status == HttpStatusCode.NoContent);
        (await MembersOfAsync(group.Id)).Should().BeEquivalentTo(users);
        (await _client.GetAsync($"/Groups/{group.Id}")).ETag.Should().Be("W/\"21\"");
    }

    [Fact]
    public async Task Nested_groups_can_be_members()
    {
        var child = await NewGroupAsync();
        var parent = await NewGroupAsync();

        var response = await _client.PatchAsync($"/Groups/{parent.Id}",
            Groups.Patch(Groups.Operation("add", "members", new JArray(new JObject { ["value"] = child.Id, ["type"] = "Group" }))));

        response.Status.Should().Be(HttpStatusCode.NoContent);
        var member = (await _client.GetAsync($"/Groups/{parent.Id}")).Body!["members"]!.Single();
        ((string?)member["type"]).Should().Be("Group");
    }

    [Fact]
    public async Task A_group_cannot_be_its_own_member()
    {
        var group = await NewGroupAsync();

        var response = await _client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(group.Id))));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }
}
