using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>POST /Bulk (RFC 7644 §3.7) with the RFC's examples, bulkId references in any order, and the limits.</summary>
public sealed class BulkTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly ScimClient _client;

    public BulkTests(ScimServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateScimClient();
    }

    private static JObject Bulk(string operations, string extra = "") => JObject.Parse(
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]," + extra + "\"Operations\":" + operations + "}");

    /// <summary>Puts values into %0%, %1%, … of a JSON template (raw strings and JSON braces do not mix with interpolation).</summary>
    private static string Fill(string template, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            template = template.Replace($"%{i}%", values[i]?.ToString(), StringComparison.Ordinal);
        }

        return template;
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private static JObject Result(ScimResponse response, int index) => (JObject)response.Body!["Operations"]![index]!;

    private static string IdOf(JObject result) => ((string)result["location"]!).Split('/')[^1];

    [Fact]
    public async Task The_rfc_example_creates_a_user_and_a_group_that_refers_to_it_by_bulkId()
    {
        // RFC 7644 §3.7.1: a group whose member is a user created in the same request.
        var userName = Unique("alice") + "@example.com";
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Users","bulkId":"qwerty","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%"}},
             {"method":"POST","path":"/Groups","bulkId":"ytrewq","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Tour Guides","members":[{"type":"User","value":"bulkId:qwerty"}]}}]
            """, userName)));

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["schemas"]![0]).Should().Be("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        var user = Result(response, 0);
        ((string?)user["status"]).Should().Be("201");
        ((string?)user["bulkId"]).Should().Be("qwerty");
        ((string?)user["version"]).Should().Be("W/\"1\"");
        var userId = ((string)user["location"]!).Split('/')[^1];
        var group = await _client.GetAsync(new Uri((string)Result(response, 1)["location"]!).AbsolutePath.Replace("/scim/v2", "", StringComparison.Ordinal));
        group.Body!["members"]!.Select(m => (string?)m["value"]).Should().Equal(userId);
    }

    [Fact]
    public async Task A_reference_to_an_operation_later_in_the_request_is_resolved()
    {
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%0%","members":[{"value":"bulkId:u"}]}},
             {"method":"POST","path":"/Users","bulkId":"u","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1%"}}]
            """, Unique("late"), Unique("late"))));

        Result(response, 0)["status"]!.ToString().Should().Be("201");
        Result(response, 1)["status"]!.ToString().Should().Be("201");
        var userId = IdOf(Result(response, 1));
        (await _client.GetAsync($"/Groups/{IdOf(Result(response, 0))}")).Body!["members"]!.Select(m => (string?)m["value"])
            .Should().Equal([userId], "the group's member is the user created later in the same request");
    }

    [Fact]
    public async Task A_bulkId_that_is_a_prefix_of_another_does_not_corrupt_the_longer_reference()
    {
        // "bulkId:u1" is the start of "bulkId:u10" and "bulkId:u100": each reference resolves whole, to its own user.
        var prefix = Unique("prefix");
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Users","bulkId":"u1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%-1"}},
             {"method":"POST","path":"/Users","bulkId":"u10","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%-10"}},
             {"method":"POST","path":"/Users","bulkId":"u100","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%-100"}},
             {"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%0%",
              "members":[{"value":"bulkId:u100"},{"value":"bulkId:u10"},{"value":"bulkId:u1"}]}},
             {"method":"PATCH","path":"/Users/bulkId:u10","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"Ten"}]}}]
            """, prefix)));

        response.Body!["Operations"]!.Select(o => (string?)o["status"]).Should().Equal("201", "201", "201", "201", "200");
        var users = new[] { 0, 1, 2 }.Select(i => IdOf(Result(response, i))).ToArray();
        (await _client.GetAsync($"/Groups/{IdOf(Result(response, 3))}")).Body!["members"]!.Select(m => (string?)m["value"])
            .Should().BeEquivalentTo(users);
        ((string?)(await _client.GetAsync($"/Users/{users[1]}")).Body!["title"]).Should().Be("Ten");
        ((string?)Result(response, 4)["location"]).Should().EndWith($"/Users/{users[1]}");
    }

    [Fact]
    public async Task The_rfc_circular_reference_example_is_resolved_both_groups_name_each_other()
    {
        // RFC 7644 §3.7.1, the circular reference example: two groups, each a member of the other. The server MUST try
        // to resolve it: both are created, then given their members.
        var name = Unique("circle");
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Groups","bulkId":"qwerty","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%0%","members":[{"type":"Group","value":"bulkId:ytrewq"}]}},
             {"method":"POST","path":"/Groups","bulkId":"ytrewq","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%0%","members":[{"type":"Group","value":"bulkId:qwerty"}]}}]
            """, name)));

        response.ShouldBe(HttpStatusCode.OK);
        var ids = new[] { 0, 1 }.Select(i =>
        {
            ((string?)Result(response, i)["status"]).Should().Be("201");
            return ((string)Result(response, i)["location"]!).Split('/')[^1];
        }).ToArray();
        ((string?)Result(response, 0)["version"]).Should().Be("W/\"2\"", "the first group was created, then given its member");
        ((string?)Result(response, 1)["version"]).Should().Be("W/\"1\"", "the second group could name the first at once");
        (await _client.GetAsync($"/Groups/{ids[0]}")).Body!["members"]!.Select(m => (string?)m["value"]).Should().Equal(ids[1]);
        (await _client.GetAsync($"/Groups/{ids[1]}")).Body!["members"]!.Select(m => (string?)m["value"]).Should().Equal(ids[0]);
    }

    [Fact]
    public async Task A_circular_reference_outside_group_members_fails_with_a_clear_error_and_creates_nothing()
    {
        var prefix = Unique("managers");
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Users","bulkId":"a","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%-a",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:b"}}}},
             {"method":"POST","path":"/Users","bulkId":"b","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%-b",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:a"}}}}]
            """, prefix)));

        foreach (var index in new[] { 0, 1 })
        {
            ((string?)Result(response, index)["status"]).Should().Be("409");
            ((string?)Result(response, index)["response"]!["detail"]).Should().Contain("circular");
        }

        (await _client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"userName sw \"{prefix}\""))).TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_bulkId_fails_that_operation_only()
    {
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%0%","members":[{"value":"bulkId:nowhere"}]}},
             {"method":"POST","path":"/Users","bulkId":"u","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%1%"}}]
            """, Unique("g"), Unique("u"))));

        ((string?)Result(response, 0)["status"]).Should().Be("400");
        ((string?)Result(response, 0)["response"]!["detail"]).Should().Contain("'nowhere'");
        ((string?)Result(response, 1)["status"]).Should().Be("201");
    }

    [Fact]
    public async Task Put_patch_and_delete_run_with_version_as_if_match()
    {
        var user = await _client.CreateUserAsync(Unique("ops") + "@example.com");
        var other = await _client.CreateUserAsync(Unique("gone") + "@example.com");
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"PATCH","path":"/Users/%0%","version":"W/\"1\"","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"Chief"}]}},
             {"method":"PUT","path":"/Users/%1%","version":"W/\"1\"","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%2%"}},
             {"method":"DELETE","path":"/Users/%3%"}]
            """, user.Id, user.Id, user.Body!["userName"], other.Id)));

        ((string?)Result(response, 0)["status"]).Should().Be("200");
        ((string?)Result(response, 0)["version"]).Should().Be("W/\"2\"");
        ((string?)Result(response, 1)["status"]).Should().Be("412", "the version was 1 before the PATCH");
        ((string?)Result(response, 2)["status"]).Should().Be("204");
        ((string?)(await _client.GetAsync($"/Users/{user.Id}")).Body!["title"]).Should().Be("Chief");
        (await _client.GetAsync($"/Users/{other.Id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FailOnErrors_stops_after_that_many_errors()
    {
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Users","bulkId":"bad","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}},
             {"method":"POST","path":"/Users","bulkId":"never","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%"}}]
            """, Unique("never")), "\"failOnErrors\":1,"));

        var operations = (JArray)response.Body!["Operations"]!;
        operations.Should().ContainSingle();
        ((string?)operations[0]["status"]).Should().Be("400");
        ((string?)operations[0]["response"]!["scimType"]).Should().Be("invalidValue");
    }

    [Fact]
    public async Task The_product_rules_apply_to_every_operation()
    {
        var response = await _client.PostAsync("/Bulk", Bulk(Fill("""
            [{"method":"POST","path":"/Users","bulkId":"u","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%0%",
              "urn:ietf:params:scim:schemas:extension:access:2.0:User":{"roles":["Astronaut"]}}}]
            """, Unique("astro"))));

        ((string?)Result(response, 0)["status"]).Should().Be("400");
        ((string?)Result(response, 0)["response"]!["detail"]).Should().Contain("Astronaut");
    }

    [Theory]
    [InlineData("""{"Operations":[]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"FETCH","path":"/Users"}]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","data":{}}]}""")]
    public async Task A_malformed_bulk_request_is_400_invalidSyntax(string body)
    {
        (await _client.PostAsync("/Bulk", body)).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task More_operations_than_maxOperations_is_413_and_runs_nothing()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxOperations"] = "2";
        var client = factory.CreateScimClient();
        var operations = new JArray(Enumerable.Range(0, 3).Select(i => JObject.Parse(Fill("""
            {"method":"POST","path":"/Users","bulkId":"b%0%","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"max%1%@example.com"}}
            """, i, i))));

        var response = await client.PostAsync("/Bulk", Bulk(operations.ToString()));

        response.ShouldBeError(HttpStatusCode.RequestEntityTooLarge);
        (await client.GetAsync("/Users")).TotalResults.Should().Be(0);
        ((int)(await client.GetAsync("/ServiceProviderConfig")).Body!["bulk"]!["maxOperations"]!).Should().Be(2);
    }

    [Fact]
    public async Task A_bulk_request_over_maxPayloadSize_is_413()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxPayloadBytes"] = "1024";
        var client = factory.CreateScimClient();
        var big = Bulk(Fill("""[{"method":"POST","path":"/Users","bulkId":"b","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"big@example.com","displayName":"%0%"}}]""", new string('x', 2000)));

        (await client.PostAsync("/Bulk", big)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge);
        (await client.GetAsync("/Users")).TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task A_thousand_user_creations_in_one_request_all_land()
    {
        var prefix = Unique("many");
        var operations = new JArray(Enumerable.Range(0, 1000).Select(i => new JObject
        {
            ["method"] = "POST",
            ["path"] = "/Users",
            ["bulkId"] = $"u{i}",
            ["data"] = Users.Minimal($"{prefix}-{i}@example.com"),
        }));

        var response = await _client.PostAsync("/Bulk", Bulk(operations.ToString()));

        response.Body!["Operations"]!.Should().HaveCount(1000).And.OnlyContain(o => (string?)o["status"] == "201");
        (await _client.GetAsync("/Users?count=0&filter=" + Uri.EscapeDataString($"userName sw \"{prefix}\""))).TotalResults.Should().Be(1000);
    }
}
