using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Testing;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Reads (GET by id, lists, .search) are written straight from the stored text; writes answer with the JObject
/// rendering. A read right after a write must show exactly what the write answered, for any selection.
/// </summary>
public sealed class ReadRenderingTests : IClassFixture<ScimServerFactory>
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private readonly ScimClient _client;

    public ReadRenderingTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    public static TheoryData<string> Selections => new()
    {
        "",
        "?attributes=userName,groups.display",
        "?attributes=" + Enterprise + ":manager.value,name.givenName",
        "?excludedAttributes=emails.type," + Enterprise + ":department,groups",
        "?excludedAttributes=" + Enterprise + ",meta.version",
        "?excludedAttributes=groups.value",
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task A_user_read_by_id_is_what_a_PUT_of_it_answered(string query)
    {
        var (user, body) = await CreateUnicodeUserInNestedGroupsAsync();

        var put = await _client.PutAsync($"/Users/{user}{query}", body);
        var get = await _client.GetAsync($"/Users/{user}{query}");

        put.ShouldBe(HttpStatusCode.OK);
        get.ShouldBe(HttpStatusCode.OK);
        get.Body.ShouldEqualJson(put.Body);
        get.ETag.Should().Be(put.ETag);
        get.Location.Should().Be(put.Location);
        get.ContentHeaders!.ContentType!.ToString().Should().Be("application/scim+json; charset=utf-8");
    }

    [Fact]
    public async Task A_read_keeps_non_ASCII_text_as_is_and_never_returns_the_password()
    {
        var (user, _) = await CreateUnicodeUserInNestedGroupsAsync();

        var get = await _client.GetAsync($"/Users/{user}");

        get.RawBody.Should().Contain("\"givenName\":\"Zoë\"").And.NotContain("\\u00EB");
        ((string?)get.Body!["displayName"]).Should().Be("Zoë \"Z\" \\ Ångström 😀 </b>");
        get.RawBody.Should().NotContain("password").And.NotContain("Secret-Pa55");
        ((JArray)get.Body["groups"]!).Select(g => (string?)g["type"]).Should().BeEquivalentTo("direct", "indirect");
    }

    [Fact]
    public async Task A_group_read_by_id_is_what_a_PUT_of_it_answered()
    {
        var (user, _) = await CreateUnicodeUserInNestedGroupsAsync();
        var child = await _client.PostAsync("/Groups", Groups.New($"child \"ü\" {Guid.NewGuid():N}", user));
        var body = Groups.New($"parent {Guid.NewGuid():N}", user, child.Id);
        var parent = await _client.PostAsync("/Groups", body);

        foreach (var query in new[] { "", "?attributes=members.display", "?excludedAttributes=members.$ref,meta.created" })
        {
            var put = await _client.PutAsync($"/Groups/{parent.Id}{query}", body);
            var get = await _client.GetAsync($"/Groups/{parent.Id}{query}");

            get.Body.ShouldEqualJson(put.Body, query);
        }
    }

    [Fact]
    public async Task Every_list_shows_the_resource_as_read_by_id()
    {
        var (user, _) = await CreateUnicodeUserInNestedGroupsAsync();
        var byId = await _client.GetAsync($"/Users/{user}");
        var userName = (string)byId.Body!["userName"]!;
        var filter = Uri.EscapeDataString($"userName eq \"{userName}\"");
        var search = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = $"userName eq \"{userName}\"",
        };

        var byIndex = await _client.GetAsync($"/Users?filter={filter}");
        var byCursor = await _client.GetAsync($"/Users?filter={filter}&cursor=");
        var bySearch = await _client.PostAsync("/Users/.search", search);
        var byRootSearch = await _client.PostAsync("/.search", search);

        foreach (var list in new[] { byIndex, byCursor, bySearch, byRootSearch })
        {
            list.ShouldBe(HttpStatusCode.OK);
            ((string?)list.Body!["schemas"]![0]).Should().Be("urn:ietf:params:scim:api:messages:2.0:ListResponse");
            list.TotalResults.Should().Be(1);
            ((int)list.Body["itemsPerPage"]!).Should().Be(1);
            list.Resources.Single().ShouldEqualJson(byId.Body);
        }

        ((int?)byIndex.Body!["startIndex"]).Should().Be(1);
        byCursor.Body!["startIndex"].Should().BeNull("a cursor page has no startIndex");
        byCursor.Body["nextCursor"].Should().BeNull("there is no next page");
    }

    [Fact]
    public async Task A_page_larger_than_one_write_to_the_network_arrives_whole_and_in_order()
    {
        var tag = Guid.NewGuid().ToString("N");
        var created = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var response = await _client.CreateUserAsync($"big-{tag}-{i:D2}@example.com", u => u["displayName"] = new string('é', 1_000) + i);
            created.Add(response.Id);
        }

        var page = await _client.GetAsync($"/Users?count=100&sortBy=userName&filter={Uri.EscapeDataString($"userName sw \"big-{tag}\"")}");

        page.ShouldBe(HttpStatusCode.OK);
        page.RawBody.Length.Should().BeGreaterThan(40_000);
        page.ContentHeaders!.NonValidated.Contains("Content-Length").Should().BeFalse("a large page is sent as it is written, not held whole");
        page.Resources.Select(r => (string)r["id"]!).Should().Equal(created);
        ((int)page.Body!["itemsPerPage"]!).Should().Be(40);
    }

    [Fact]
    public async Task A_read_and_a_small_list_are_sent_whole_with_their_length()
    {
        var (user, _) = await CreateUnicodeUserInNestedGroupsAsync();

        var get = await _client.GetAsync($"/Users/{user}");
        var list = await _client.GetAsync($"/Users?filter={Uri.EscapeDataString($"id eq \"{user}\"")}");

        get.ShouldBe(HttpStatusCode.OK);
        SentLength(get).Should().Be(System.Text.Encoding.UTF8.GetByteCount(get.RawBody).ToString(System.Globalization.CultureInfo.InvariantCulture));
        list.ShouldBe(HttpStatusCode.OK);
        SentLength(list).Should().Be(System.Text.Encoding.UTF8.GetByteCount(list.RawBody).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ((string)list.Resources.Single()["id"]!).Should().Be(user);
    }

    /// <summary>The Content-Length the server sent, if any (not one computed by the client).</summary>
    private static string? SentLength(ScimResponse response) =>
        response.ContentHeaders!.NonValidated.TryGetValues("Content-Length", out var values) ? values.ToString() : null;

    /// <summary>A user with text that needs care in JSON, an extension and a password, in a group that is in another.</summary>
    private async Task<(string Id, JObject Body)> CreateUnicodeUserInNestedGroupsAsync()
    {
        var body = JObject.Parse($$"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "{{Enterprise}}"],
              "userName": "zoe-{{Guid.NewGuid():N}}@example.com",
              "externalId": "ext-\"q\"",
              "name": { "givenName": "Zoë", "familyName": "Ångström" },
              "displayName": "Zoë \"Z\" \\ Ångström 😀 </b>",
              "password": "Secret-Pa55",
              "emails": [{ "value": "zoe@example.com", "type": "work", "primary": true }, { "value": "z@home.example", "type": "home" }],
              "{{Enterprise}}": { "department": "Ventes", "manager": { "value": "m-1" } }
            }
            """);
        var user = (await _client.PostAsync("/Users", body)).Id;
        var direct = await _client.PostAsync("/Groups", Groups.New($"direct {Guid.NewGuid():N}", user));
        await _client.PostAsync("/Groups", Groups.New($"outer {Guid.NewGuid():N}", direct.Id));
        return (user, body);
    }
}
