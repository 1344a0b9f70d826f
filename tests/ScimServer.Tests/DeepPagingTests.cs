using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// startIndex pages deep in a listing (the store seeks to a bookmark every 256 matches instead of skipping row by row)
/// hold exactly the users the whole listing has at those positions, in every order and filter, and follow writes.
/// </summary>
public sealed class DeepPagingTests : IClassFixture<DeepPagingTests.ManyUsers>
{
    private const int UserCount = 1_100;
    private readonly ManyUsers _users;

    public DeepPagingTests(ManyUsers users) => _users = users;

    public static TheoryData<string> Listings => new()
    {
        "",
        "sortBy=userName&sortOrder=descending",
        "sortBy=userName",
        "filter=" + Uri.EscapeDataString("active eq true"),
        "filter=" + Uri.EscapeDataString("userName sw \"deep0\"") + "&sortBy=userName",
    };

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task Deep_startIndex_pages_hold_the_users_the_whole_listing_has_there(string listing)
    {
        var all = await ListAllAsync(_users.Client, listing);
        all.Count.Should().BeGreaterThan(300, "the listing must reach past a bookmark");

        // Around each bookmark (every 256 matches), past the end, and in reverse so marks are used, not only placed.
        int[] starts = [1, 255, 256, 257, 258, 400, 512, 513, 514, 777, 1_024, 1_025, 1_099, 1_100, 1_101, 2_000];
        foreach (var start in starts.Concat(starts.Reverse()))
        {
            var page = await _users.Client.GetAsync($"/Users?{listing}&startIndex={start}&count=37");

            page.ShouldBe(HttpStatusCode.OK);
            var expected = all.Skip(start - 1).Take(37).ToList();
            Ids(page).Should().Equal(expected, $"startIndex={start} of '{listing}'");
            page.TotalResults.Should().Be(all.Count);
            ((int)page.Body!["startIndex"]!).Should().Be(start);
        }
    }

    [Fact]
    public async Task A_deep_page_follows_a_delete_and_a_create_at_once()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        await ManyUsers.SeedAsync(client, 700);
        var before = await ListAllAsync(client, "");
        (await client.GetAsync("/Users?startIndex=600&count=50")).Resources.Should().HaveCount(50);

        // Moves every later position by one, then back and forth: marks placed before the writes must not be used.
        (await client.DeleteAsync("/Users/" + before[10])).ShouldBe(HttpStatusCode.NoContent);
        (await client.CreateUserAsync("late-arrival@paging.example")).ShouldBe(HttpStatusCode.Created);
        (await client.DeleteAsync("/Users/" + before[300])).ShouldBe(HttpStatusCode.NoContent);

        var after = await ListAllAsync(client, "");
        after.Should().HaveCount(699);
        var page = await client.GetAsync("/Users?startIndex=600&count=50");
        Ids(page).Should().Equal(after.Skip(599).Take(50));
        page.TotalResults.Should().Be(699);
    }

    [Fact]
    public async Task Deep_pages_follow_creations_at_the_end_and_a_change_that_moves_a_user_out_of_a_filtered_listing()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        await ManyUsers.SeedAsync(client, 700);
        var active = "filter=" + Uri.EscapeDataString("active eq true");
        (await client.GetAsync("/Users?startIndex=600&count=50")).Resources.Should().HaveCount(50);
        (await client.GetAsync($"/Users?{active}&startIndex=400&count=30")).Resources.Should().HaveCount(30);

        // A reconcile pages on while an HR sync writes: new users come at the end of the id order (kept marks), and
        // a deactivation moves every later active user up by one in the filtered listing (its marks must go).
        (await client.CreateUserAsync("joiner-1@paging.example")).ShouldBe(HttpStatusCode.Created);
        (await client.CreateUserAsync("joiner-2@paging.example")).ShouldBe(HttpStatusCode.Created);
        var early = (await ListAllAsync(client, active))[5];
        (await client.PatchAsync("/Users/" + early, new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JArray(new JObject { ["op"] = "replace", ["path"] = "active", ["value"] = false }),
        })).ShouldBe(HttpStatusCode.OK);

        var all = await ListAllAsync(client, "");
        var page = await client.GetAsync("/Users?startIndex=600&count=50");
        Ids(page).Should().Equal(all.Skip(599).Take(50));
        page.TotalResults.Should().Be(702);
        var allActive = await ListAllAsync(client, active);
        var activePage = await client.GetAsync($"/Users?{active}&startIndex=400&count=30");
        Ids(activePage).Should().Equal(allActive.Skip(399).Take(30));
        activePage.TotalResults.Should().Be(allActive.Count);
    }

    [Fact]
    public async Task Users_come_in_id_order_as_they_were_created_even_within_one_millisecond()
    {
        // A listing in id order is the order of creation, so a reconcile reads a Bulk's users side by side in the
        // store (UUIDv7 with a counter within the millisecond, RFC 9562 §6.2), and each creation comes at the end.
        var page = await _users.Client.GetAsync("/Users?count=600&attributes=userName");

        page.ShouldBe(HttpStatusCode.OK);
        page.Resources.Select(user => (string)user["userName"]!).Should().Equal(Enumerable.Range(0, 600).Select(i => $"deep{i:0000}@paging.example"));
        Ids(page).Select(id => id.Replace("-", "", StringComparison.Ordinal)[..12]).Distinct().Count()
            .Should().BeLessThan(600, "many users of a Bulk share a millisecond");
    }

    private static List<string> Ids(ScimResponse response) => response.Resources.Select(r => (string)r["id"]!).ToList();

    /// <summary>The whole listing by cursor (RFC 9865): keyset pages, which never use bookmarks.</summary>
    private static async Task<List<string>> ListAllAsync(ScimClient client, string listing)
    {
        var ids = new List<string>();
        var response = await client.GetAsync($"/Users?{listing}&cursor&count=500");
        while (true)
        {
            response.ShouldBe(HttpStatusCode.OK);
            ids.AddRange(Ids(response));
            if ((string?)response.Body!["nextCursor"] is not { } next)
            {
                return ids;
            }

            response = await client.GetAsync($"/Users?{listing}&count=500&cursor={Uri.EscapeDataString(next)}");
        }
    }

    /// <summary>1,100 users created by Bulk; every third inactive. Tests only read them.</summary>
    public sealed class ManyUsers : IAsyncLifetime
    {
        private readonly ScimServerFactory _factory = new();

        public ScimClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = _factory.CreateScimClient();
            await SeedAsync(Client, UserCount);
        }

        public Task DisposeAsync()
        {
            _factory.Dispose();
            return Task.CompletedTask;
        }

        public static async Task SeedAsync(ScimClient client, int count)
        {
            const int PerRequest = 500;
            for (var first = 0; first < count; first += PerRequest)
            {
                var operations = Enumerable.Range(first, Math.Min(PerRequest, count - first)).Select(i =>
                {
                    var user = Users.Minimal($"deep{i:0000}@paging.example");
                    user["active"] = i % 3 != 0;
                    return new JObject { ["method"] = "POST", ["path"] = "/Users", ["bulkId"] = $"u{i}", ["data"] = user };
                });
                var response = await client.PostAsync("/Bulk", new JObject
                {
                    ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                    ["Operations"] = new JArray(operations),
                });
                response.ShouldBe(HttpStatusCode.OK);
                response.Body!["Operations"]!.Should().OnlyContain(o => (string?)o["status"] == "201");
            }
        }
    }
}
