using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>excludedAttributes=members never loads a member: proven by counting the store's membership reads.</summary>
public sealed class MembershipLoadingTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly CountingStore _counting;
    private readonly ScimClient _client;

    public MembershipLoadingTests()
    {
        (_client, _counting) = _factory.CreateCountingClient();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Excluding_members_and_groups_reads_no_membership()
    {
        var user = (await _client.CreateUserAsync($"count-{Guid.NewGuid():N}@example.com")).Id;
        var group = (await _client.PostAsync("/Groups?excludedAttributes=members", Groups.New("counted", user))).Id;
        _counting.MembershipReads = 0;

        await _client.GetAsync($"/Groups/{group}?excludedAttributes=members");
        await _client.GetAsync("/Groups?excludedAttributes=members");
        await _client.GetAsync($"/Users/{user}?excludedAttributes=groups");
        await _client.GetAsync("/Users?attributes=userName");
        await _client.PatchAsync($"/Groups/{group}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user))));

        _counting.MembershipReads.Should().Be(0);
    }

    [Fact]
    public async Task A_filtered_list_of_users_reads_their_groups_with_the_page_and_no_separate_membership_call()
    {
        var userName = $"eq-{Guid.NewGuid():N}@example.com";
        var user = (await _client.CreateUserAsync(userName)).Id;
        var direct = (await _client.PostAsync("/Groups", Groups.New("direct-of-eq", user))).Id;
        var parent = (await _client.PostAsync("/Groups", Groups.New("parent-of-eq", direct))).Id;
        _counting.MembershipReads = 0;

        var list = await _client.GetAsync($"/Users?filter=userName eq \"{userName}\"");

        var groups = ((JArray)list.Resources.Should().ContainSingle().Subject["groups"]!).Cast<JObject>().ToList();
        groups.Select(g => ((string)g["value"]!, (string)g["type"]!)).Should().BeEquivalentTo([(direct, "direct"), (parent, "indirect")]);
        _counting.MembershipReads.Should().Be(0, "the store read the user's groups with the page, in its snapshot");
    }

    [Fact]
    public async Task A_page_of_groups_reads_its_members_in_one_call()
    {
        var user = (await _client.CreateUserAsync($"page-{Guid.NewGuid():N}@example.com")).Id;
        for (var i = 0; i < 5; i++)
        {
            await _client.PostAsync("/Groups", Groups.New($"page-{i}", user));
        }

        _counting.MembershipReads = 0;
        var list = await _client.GetAsync("/Groups");

        list.Resources.Should().HaveCount(5).And.OnlyContain(g => ((JArray)g["members"]!).Count == 1);
        _counting.MembershipReads.Should().Be(1);
    }
}
