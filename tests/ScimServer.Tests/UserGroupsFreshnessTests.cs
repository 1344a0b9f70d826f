using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// A user's <c>groups</c> is read from each tenant's group graph kept in memory: every change of a group's name or of a
/// group-to-group edge shows in the next read, on every path that writes groups (POST, PUT, PATCH, DELETE, Bulk).
/// Each test reads the user first, so that the graph is kept before the change.
/// </summary>
public sealed class UserGroupsFreshnessTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public UserGroupsFreshnessTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<string> NewUserAsync() => (await _client.CreateUserAsync($"{Unique("member")}@example.com")).Id;

    private async Task<ScimResponse> NewGroupAsync(string displayName, params string[] members)
    {
        var response = await _client.PostAsync("/Groups", Groups.New(displayName, members));
        response.ShouldBe(HttpStatusCode.Created);
        return response;
    }

    /// <summary>The user's groups as "display/type", ordered by display.</summary>
    private async Task<string[]> GroupsOfAsync(string user)
    {
        var response = await _client.GetAsync($"/Users/{user}");
        response.ShouldBe(HttpStatusCode.OK);
        return [.. (response.Body!["groups"] as JArray ?? [])
            .Select(g => $"{(string?)g["display"]}/{(string?)g["type"]}")
            .Order(StringComparer.Ordinal)];
    }

    private static JObject Patch(string operations) => JObject.Parse($$"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operations}}]}
        """);

    [Fact]
    public async Task A_renamed_group_shows_its_new_name_in_its_members_groups_at_once()
    {
        var user = await NewUserAsync();
        var team = await NewGroupAsync("Team before", user);
        (await GroupsOfAsync(user)).Should().Equal("Team before/direct");

        (await _client.PatchAsync($"/Groups/{team.Id}", Patch("""{"op":"replace","path":"displayName","value":"Team after"}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal("Team after/direct");

        var put = Groups.New("Team put", user);
        (await _client.PutAsync($"/Groups/{team.Id}", put)).ShouldBe(HttpStatusCode.OK);
        (await GroupsOfAsync(user)).Should().Equal("Team put/direct");
    }

    [Fact]
    public async Task Nesting_a_group_in_another_and_taking_it_out_shows_at_once_as_an_indirect_group()
    {
        var user = await NewUserAsync();
        var team = await KnownTeamAsync("Nest team", user);
        var department = await NewGroupAsync("Nest department");

        (await _client.PatchAsync($"/Groups/{department.Id}", Patch($$"""{"op":"add","path":"members","value":[{"value":"{{team.Id}}"}]}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal("Nest department/indirect", "Nest team/direct");

        (await _client.PatchAsync($"/Groups/{department.Id}", Patch($$"""{"op":"remove","path":"members[value eq \"{{team.Id}}\"]"}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal("Nest team/direct");
    }

    [Fact]
    public async Task Replacing_a_parents_members_drops_the_indirect_group_at_once()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync();
        var team = await NewGroupAsync("Replace team", user);
        var department = await NewGroupAsync("Replace department", team.Id);
        (await GroupsOfAsync(user)).Should().Equal("Replace department/indirect", "Replace team/direct");

        (await _client.PatchAsync($"/Groups/{department.Id}", Patch($$"""{"op":"replace","path":"members","value":[{"value":"{{other}}"}]}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal("Replace team/direct");
    }

    /// <summary>
    /// A team with <paramref name="user"/> in it, renamed once: the next read of the user reads a graph that holds the
    /// team (a graph read before the team was created would send the walk to SQL and hide a missed invalidation).
    /// </summary>
    private async Task<ScimResponse> KnownTeamAsync(string name, string user)
    {
        var team = await NewGroupAsync(name + " (new)", user);
        (await _client.PatchAsync($"/Groups/{team.Id}", Patch($$"""{"op":"replace","path":"displayName","value":"{{name}}"}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal($"{name}/direct");
        return team;
    }

    [Fact]
    public async Task A_parent_group_created_or_deleted_around_a_known_team_shows_at_once()
    {
        var user = await NewUserAsync();
        var team = await KnownTeamAsync("Life team", user);

        var department = await NewGroupAsync("Life department", team.Id);
        (await GroupsOfAsync(user)).Should().Equal("Life department/indirect", "Life team/direct");

        (await _client.DeleteAsync($"/Groups/{department.Id}")).ShouldBe(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().Equal("Life team/direct");

        (await _client.DeleteAsync($"/Groups/{team.Id}")).ShouldBe(HttpStatusCode.NoContent);
        (await GroupsOfAsync(user)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_parent_group_created_by_bulk_around_a_known_team_shows_at_once()
    {
        var user = await NewUserAsync();
        var team = await KnownTeamAsync("Bulk team", user);

        var bulk = JObject.Parse($$$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
             "Operations":[{"method":"POST","path":"/Groups","bulkId":"d","data":{
               "schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Bulk department",
               "members":[{"value":"{{{team.Id}}}"}]}}]}
            """);
        (await _client.PostAsync("/Bulk", bulk)).ShouldBe(HttpStatusCode.OK);

        (await GroupsOfAsync(user)).Should().Equal("Bulk department/indirect", "Bulk team/direct");
    }

    [Fact]
    public async Task Adding_and_removing_users_keeps_every_members_groups_right()
    {
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        var team = await NewGroupAsync("Users team", first);
        var department = await NewGroupAsync("Users department", team.Id);
        (await GroupsOfAsync(second)).Should().BeEmpty();

        (await _client.PatchAsync($"/Groups/{team.Id}", Patch($$"""{"op":"add","path":"members","value":[{"value":"{{second}}"}]}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(second)).Should().Equal("Users department/indirect", "Users team/direct");

        (await _client.PatchAsync($"/Groups/{team.Id}", Patch($$"""{"op":"remove","path":"members[value eq \"{{first}}\"]"}""")))
            .Status.Should().Be(HttpStatusCode.NoContent);
        (await GroupsOfAsync(first)).Should().BeEmpty();
        (await GroupsOfAsync(second)).Should().Equal("Users department/indirect", "Users team/direct");
        ((string?)(await _client.GetAsync($"/Groups/{department.Id}")).Body!["members"]![0]!["value"]).Should().Be(team.Id);
    }
}
