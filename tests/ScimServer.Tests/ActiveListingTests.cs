using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The listings an identity provider's reconcile pages through (<c>active eq true</c>, by startIndex and by cursor),
/// which the store answers from an index of each user's active: their pages and totals follow the documents.
/// </summary>
public sealed class ActiveListingTests
{
    private static readonly string ActiveTrue = "filter=" + Uri.EscapeDataString("active eq true");
    private static readonly string ActiveFalse = "filter=" + Uri.EscapeDataString("active eq false");
    private static readonly string Absent = "filter=" + Uri.EscapeDataString("not (active pr)");
    private static readonly string NotActive = "filter=" + Uri.EscapeDataString("active ne true");

    [Fact]
    public async Task Active_inactive_and_absent_listings_and_their_totals_follow_a_deactivation_by_patch()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        var ann = await CreateAsync(client, "ann@active.example", active: true);
        var ben = await CreateAsync(client, "ben@active.example", active: true);
        var cat = await CreateAsync(client, "cat@active.example", active: null);
        var dan = await CreateAsync(client, "dan@active.example", active: false);
        var eve = await CreateAsync(client, "eve@active.example", active: true);

        await ShouldListAsync(client, ActiveTrue, ann, ben, eve);
        await ShouldListAsync(client, ActiveFalse, dan);
        await ShouldListAsync(client, Absent, cat);
        await ShouldListAsync(client, NotActive, cat, dan);

        (await client.PatchAsync("/Users/" + ben, new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JArray(new JObject { ["op"] = "replace", ["path"] = "active", ["value"] = false }),
        })).ShouldBe(HttpStatusCode.OK);

        await ShouldListAsync(client, ActiveTrue, ann, eve);
        await ShouldListAsync(client, ActiveFalse, ben, dan);
        await ShouldListAsync(client, Absent, cat);
        await ShouldListAsync(client, NotActive, ben, cat, dan);

        // Removing active leaves the user neither active nor inactive (RFC 7643 §2.5: unassigned).
        (await client.PatchAsync("/Users/" + eve, new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JArray(new JObject { ["op"] = "remove", ["path"] = "active" }),
        })).ShouldBe(HttpStatusCode.OK);

        await ShouldListAsync(client, ActiveTrue, ann);
        await ShouldListAsync(client, ActiveFalse, ben, dan);
        await ShouldListAsync(client, Absent, cat, eve);
    }

    [Fact]
    public async Task Active_compared_with_the_string_form_of_a_boolean_lists_as_the_boolean_and_any_other_string_is_invalid()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        var ann = await CreateAsync(client, "ann@active.example", active: true);
        var ben = await CreateAsync(client, "ben@active.example", active: false);

        // Identity providers send booleans as strings ("True"), in filters too.
        await ShouldListAsync(client, "filter=" + Uri.EscapeDataString("active eq \"True\""), ann);
        await ShouldListAsync(client, "filter=" + Uri.EscapeDataString("active eq \"false\""), ben);
        (await client.GetAsync("/Users?filter=" + Uri.EscapeDataString("active eq \"maybe\"")))
            .ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
    }

    private static async Task<string> CreateAsync(ScimClient client, string userName, bool? active)
    {
        var user = Users.Minimal(userName);
        if (active is { } flag)
        {
            user["active"] = flag;
        }

        var created = await client.PostAsync("/Users", user);
        created.ShouldBe(HttpStatusCode.Created);
        return (string)created.Body!["id"]!;
    }

    /// <summary>
    /// The listing holds exactly <paramref name="expected"/> (ids in creation order, which is id order) with that total:
    /// one page of all, pages of one by startIndex (each with the total), and pages of one by cursor (RFC 9865).
    /// </summary>
    private static async Task ShouldListAsync(ScimClient client, string listing, params string[] expected)
    {
        var all = await client.GetAsync($"/Users?{listing}&count=50");
        all.ShouldBe(HttpStatusCode.OK);
        Ids(all).Should().Equal(expected, listing);
        all.TotalResults.Should().Be(expected.Length, listing);

        for (var start = 1; start <= expected.Length + 1; start++)
        {
            var page = await client.GetAsync($"/Users?{listing}&startIndex={start}&count=1");
            page.ShouldBe(HttpStatusCode.OK);
            Ids(page).Should().Equal(expected.Skip(start - 1).Take(1), $"startIndex={start} of {listing}");
            page.TotalResults.Should().Be(expected.Length, $"startIndex={start} of {listing}");
        }

        var byCursor = new List<string>();
        var response = await client.GetAsync($"/Users?{listing}&cursor&count=1");
        while (true)
        {
            response.ShouldBe(HttpStatusCode.OK);
            response.TotalResults.Should().Be(expected.Length, listing);
            byCursor.AddRange(Ids(response));
            if ((string?)response.Body!["nextCursor"] is not { } next)
            {
                break;
            }

            response = await client.GetAsync($"/Users?{listing}&count=1&cursor={Uri.EscapeDataString(next)}");
        }

        byCursor.Should().Equal(expected, $"the cursor pages of {listing}");
    }

    private static List<string> Ids(ScimResponse response) => response.Resources.Select(r => (string)r["id"]!).ToList();
}
