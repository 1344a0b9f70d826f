using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// <c>ew</c> filters on the attributes identity providers match on, which the SQLite store answers from an index of the
/// values backwards (schema step 7): what they find follows every write path, a key of a batch included.
/// </summary>
public sealed class EndsWithFilterTests
{
    [Fact]
    public async Task An_ends_with_filter_follows_creates_replaces_patches_deletes_and_bulk_creates()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        var ann = (await client.CreateUserAsync("ann@old.example", user => user["displayName"] = "Ann Old")).Id;
        var ben = (await client.CreateUserAsync("ben@old.example")).Id;
        var cat = (await client.CreateUserAsync("cat@old.example")).Id;

        await ShouldFindAsync(client, "userName ew \"@OLD.example\"", "ann@old.example", "ben@old.example", "cat@old.example");
        await ShouldFindAsync(client, "displayName ew \"n old\"", "ann@old.example");

        var replacement = Users.Minimal("ann@new.example");
        replacement["displayName"] = "Ann New";
        (await client.PutAsync("/Users/" + ann, replacement)).ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsync("/Users/" + ben, new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JArray(new JObject { ["op"] = "replace", ["path"] = "userName", ["value"] = "ben@new.example" }),
        })).ShouldBe(HttpStatusCode.OK);
        (await client.DeleteAsync("/Users/" + cat)).ShouldBe(HttpStatusCode.NoContent);

        var operations = new JArray(Enumerable.Range(0, 3).Select(i => new JObject
        {
            ["method"] = "POST",
            ["path"] = "/Users",
            ["bulkId"] = $"b{i}",
            ["data"] = Users.Minimal($"bulk{i}@new.example"),
        }));
        (await client.PostAsync("/Bulk", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = operations,
        })).ShouldBe(HttpStatusCode.OK);

        await ShouldFindAsync(client, "userName ew \"@old.example\"");
        await ShouldFindAsync(client, "displayName ew \"old\"");
        await ShouldFindAsync(client, "displayName ew \"ANN NEW\"", "ann@new.example");
        await ShouldFindAsync(
            client, "userName ew \"@new.example\"", "ann@new.example", "ben@new.example", "bulk0@new.example", "bulk1@new.example", "bulk2@new.example");
        await ShouldFindAsync(client, "userName ew \"1@new.example\"", "bulk1@new.example");
    }

    private static async Task ShouldFindAsync(ScimClient client, string filter, params string[] expected)
    {
        var found = await client.GetAsync("/Users?count=50&filter=" + Uri.EscapeDataString(filter));
        found.ShouldBe(HttpStatusCode.OK);
        found.Resources.Select(user => (string)user["userName"]!).Should().BeEquivalentTo(expected, filter);
        found.TotalResults.Should().Be(expected.Length, filter);
    }
}
