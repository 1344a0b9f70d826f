using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Filters of one shape with different values, in different tenants and at different positions: the store keeps the
/// SQL of each shape and binds each request's values (issue 12), and every request still gets its own resources.
/// </summary>
public sealed class FilterShapeTests
{
    private static readonly string[] Names = ["ann", "bob"];

    [Fact]
    public async Task Requests_of_one_filter_shape_with_different_values_and_tenants_each_find_their_own_users()
    {
        using var factory = new ScimServerFactory();
        var tenants = new Dictionary<string, ScimClient>
        {
            ["acme"] = factory.CreateScimClient(),
            ["globex"] = await new AdminClient(factory.CreateClient()).CreateTenantWithTokenAsync("globex"),
        };
        var ids = new Dictionary<(string Tenant, string Name), string>();
        foreach (var (tenant, client) in tenants)
        {
            foreach (var name in Names)
            {
                // The same userName and work email in both tenants; the externalId differs.
                ids[(tenant, name)] = (await client.PostAsync("/Users", Users.EntraCreate($"{name}@shape.example", $"{tenant}-{name}"))).Id;
            }
        }

        string[] filters =
        [
            "userName eq \"{name}@SHAPE.example\"",
            "externalId eq \"{tenant}-{name}\"",
            "id eq \"{id}\"",
            "emails.value eq \"{name}@shape.example\"",
            "emails[type eq \"work\"].value eq \"{name}@shape.EXAMPLE\"",
            "emails[type eq \"work\"].value eq \"{name}@shape.example\" and active eq true",
        ];

        // Twice round, each filter's shape first met with another tenant's or user's values than it is asked with next.
        for (var round = 0; round < 2; round++)
        {
            foreach (var filter in filters)
            {
                foreach (var (tenant, client) in tenants)
                {
                    foreach (var name in Names)
                    {
                        var text = filter.Replace("{name}", name, StringComparison.Ordinal).Replace("{tenant}", tenant, StringComparison.Ordinal)
                            .Replace("{id}", ids[(tenant, name)], StringComparison.Ordinal);

                        var response = await client.GetAsync("/Users?filter=" + Uri.EscapeDataString(text));

                        response.ShouldBe(HttpStatusCode.OK);
                        response.Resources.Select(r => (string)r["id"]!).Should().Equal([ids[(tenant, name)]], text);
                    }
                }
            }
        }

        // Another tenant's id, and a value no user has, find nothing.
        (await tenants["globex"].GetAsync("/Users?filter=" + Uri.EscapeDataString($"id eq \"{ids[("acme", "ann")]}\""))).TotalResults.Should().Be(0);
        (await tenants["acme"].GetAsync("/Users?filter=" + Uri.EscapeDataString("externalId eq \"globex-ann\""))).TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task Booleans_and_positions_of_one_filter_shape_each_list_their_own_users()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        var ids = new List<string>();
        foreach (var name in new[] { "cy", "di", "ed", "fa" })
        {
            ids.Add((await client.PostAsync("/Users", Users.EntraCreate($"{name}@position.example", name))).Id);
        }

        (await client.PatchAsync("/Users/" + ids[1], new JObject
        {
            ["schemas"] = new JArray(Groups.PatchOp),
            ["Operations"] = new JArray(new JObject { ["op"] = "replace", ["path"] = "active", ["value"] = false }),
        })).ShouldBe(HttpStatusCode.OK);

        var active = await client.GetAsync("/Users?filter=" + Uri.EscapeDataString("active eq true and userName ew \"@position.example\""));
        var inactive = await client.GetAsync("/Users?filter=" + Uri.EscapeDataString("active eq false and userName ew \"@position.example\""));

        active.Resources.Select(r => (string)r["id"]!).Should().BeEquivalentTo([ids[0], ids[2], ids[3]]);
        inactive.Resources.Select(r => (string)r["id"]!).Should().Equal(ids[1]);

        // One shape, each position its own user (in id order).
        var inOrder = ids.Order(StringComparer.Ordinal).ToList();
        for (var startIndex = 1; startIndex <= 4; startIndex++)
        {
            var page = await client.GetAsync($"/Users?count=1&startIndex={startIndex}&filter=" + Uri.EscapeDataString("userName ew \"@POSITION.example\""));

            page.TotalResults.Should().Be(4);
            page.Resources.Select(r => (string)r["id"]!).Should().Equal(inOrder[startIndex - 1]);
        }
    }

    [Fact]
    public async Task Groups_of_one_display_name_shape_and_membership_filters_each_find_their_own()
    {
        using var factory = new ScimServerFactory();
        var client = factory.CreateScimClient();
        var ann = (await client.CreateUserAsync("ann@groups-shape.example")).Id;
        var bob = (await client.CreateUserAsync("bob@groups-shape.example")).Id;
        var sales = (await client.PostAsync("/Groups", Groups.New("Dept Sales", ann))).Id;
        var legal = (await client.PostAsync("/Groups", Groups.New("Dept Legal", bob))).Id;

        foreach (var (name, id) in new[] { ("Dept Sales", sales), ("dept legal", legal), ("DEPT SALES", sales) })
        {
            var response = await client.GetAsync("/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString($"displayName eq \"{name}\""));

            response.Resources.Select(r => (string)r["id"]!).Should().Equal([id], name);
        }

        foreach (var (member, group) in new[] { (ann, sales), (bob, legal) })
        {
            var groups = await client.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"members.value eq \"{member}\""));
            var users = await client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"groups.value eq \"{group}\""));

            groups.Resources.Select(r => (string)r["id"]!).Should().Equal(group);
            users.Resources.Select(r => (string)r["id"]!).Should().Equal(member);
        }
    }
}
