using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>Sorting, paging (index and RFC 9865 cursor) and projection over HTTP.</summary>
public sealed class ListTests : IClassFixture<SeededUsersFixture>
{
    private static readonly string[] AllByUserName =
        ["alice@x.org", "Bob@X.org", "carol@example.com", "dave@example.org", "eve@x.org", "frank@example.org"];

    private readonly SeededUsersFixture _seed;

    public ListTests(SeededUsersFixture seed) => _seed = seed;

    private static IEnumerable<string> UserNames(ScimResponse response) => response.Resources.Select(r => (string)r["userName"]!);

    [Fact]
    public async Task A_list_has_the_shape_Okta_requires()
    {
        var response = await _seed.Client.GetAsync("/Users?startIndex=1&count=100");

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["schemas"]![0]).Should().Be("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        response.TotalResults.Should().Be(6);
        ((int)response.Body["itemsPerPage"]!).Should().Be(6);
        ((int)response.Body["startIndex"]!).Should().Be(1);
        response.Resources.Should().HaveCount(6);
    }

    [Fact]
    public async Task SortBy_userName_orders_ignoring_case_both_ways()
    {
        var ascending = await _seed.Client.GetAsync("/Users?sortBy=userName");
        var descending = await _seed.Client.GetAsync("/Users?sortBy=userName&sortOrder=descending");

        UserNames(ascending).Should().Equal(AllByUserName);
        UserNames(descending).Should().Equal(AllByUserName.Reverse());
    }

    [Fact]
    public async Task SortBy_a_sub_attribute_puts_users_without_it_first_when_ascending()
    {
        var response = await _seed.Client.GetAsync("/Users?sortBy=name.givenName&sortOrder=ascending");

        var names = UserNames(response).ToList();
        names.Take(2).Should().BeEquivalentTo("eve@x.org", "frank@example.org");
        names.Skip(2).Should().Equal("alice@x.org", "Bob@X.org", "carol@example.com", "dave@example.org");
    }

    [Fact]
    public async Task SortBy_an_extension_attribute_by_urn()
    {
        var response = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr")
            + "&sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department&sortOrder=descending");

        UserNames(response).First().Should().Be("Bob@X.org", "Sales sorts after engineering");
    }

    [Theory]
    [InlineData("sortOrder=sideways")]
    [InlineData("sortBy=shoeSize")]
    [InlineData("count=ten")]
    [InlineData("startIndex=first")]
    [InlineData("attributes=shoeSize")]
    [InlineData("excludedAttributes=name.shoe")]
    public async Task Invalid_list_parameters_are_400_invalidValue(string query)
    {
        (await _seed.Client.GetAsync("/Users?" + query)).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task StartIndex_and_count_page_through_the_sorted_users()
    {
        var page = await _seed.Client.GetAsync("/Users?sortBy=userName&startIndex=3&count=2");

        UserNames(page).Should().Equal("carol@example.com", "dave@example.org");
        page.TotalResults.Should().Be(6);
        ((int)page.Body!["startIndex"]!).Should().Be(3);
        ((int)page.Body["itemsPerPage"]!).Should().Be(2);
    }

    [Fact]
    public async Task A_start_index_below_one_is_read_as_one_and_a_negative_count_as_zero()
    {
        var page = await _seed.Client.GetAsync("/Users?sortBy=userName&startIndex=0&count=1");
        var none = await _seed.Client.GetAsync("/Users?count=-5");

        UserNames(page).Should().Equal("alice@x.org");
        none.Resources.Should().BeEmpty();
    }

    [Fact]
    public async Task Count_zero_gives_only_the_total()
    {
        var response = await _seed.Client.GetAsync("/Users?count=0");

        response.TotalResults.Should().Be(6);
        response.Resources.Should().BeEmpty();
        ((int)response.Body!["itemsPerPage"]!).Should().Be(0);
    }

    [Fact]
    public async Task A_count_above_the_maximum_is_lowered_to_it()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxResults"] = "2";
        var client = factory.CreateScimClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateUserAsync($"max-{i}@example.com");
        }

        var response = await client.GetAsync("/Users?count=500");

        response.Resources.Should().HaveCount(2);
        response.TotalResults.Should().Be(3);
    }

    [Fact]
    public async Task Cursor_paging_visits_every_user_once_in_order()
    {
        var seen = new List<string>();
        var response = await _seed.Client.GetAsync("/Users?cursor&count=4&sortBy=userName");
        while (true)
        {
            response.ShouldBe(HttpStatusCode.OK);
            response.Body!["startIndex"].Should().BeNull("cursor pages have no index");
            seen.AddRange(UserNames(response));
            var next = (string?)response.Body["nextCursor"];
            if (next is null)
            {
                break;
            }

            response = await _seed.Client.GetAsync($"/Users?count=4&sortBy=userName&cursor={Uri.EscapeDataString(next)}");
        }

        seen.Should().Equal(AllByUserName);
    }

    [Fact]
    public async Task Cursor_paging_sorted_by_a_date_visits_every_user_once()
    {
        var seen = new List<string>();
        var response = await _seed.Client.GetAsync("/Users?cursor&count=2&sortBy=meta.created&sortOrder=descending");
        while (true)
        {
            response.ShouldBe(HttpStatusCode.OK);
            seen.AddRange(UserNames(response));
            var next = (string?)response.Body!["nextCursor"];
            if (next is null)
            {
                break;
            }

            response = await _seed.Client.GetAsync($"/Users?count=2&sortBy=meta.created&sortOrder=descending&cursor={Uri.EscapeDataString(next)}");
        }

        seen.Should().BeEquivalentTo(AllByUserName).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Cursor_paging_by_id_without_a_sort_also_covers_everyone()
    {
        var first = await _seed.Client.GetAsync("/Users?cursor=&count=5");
        var second = await _seed.Client.GetAsync($"/Users?count=5&cursor={Uri.EscapeDataString((string)first.Body!["nextCursor"]!)}");

        first.Resources.Should().HaveCount(5);
        second.Resources.Should().HaveCount(1);
        second.Body!["nextCursor"].Should().BeNull();
        UserNames(first).Concat(UserNames(second)).Should().BeEquivalentTo(AllByUserName);
    }

    [Fact]
    public async Task A_forged_or_mismatched_cursor_is_400_invalidCursor()
    {
        var first = await _seed.Client.GetAsync("/Users?cursor&count=2&sortBy=userName");
        var cursor = (string)first.Body!["nextCursor"]!;

        (await _seed.Client.GetAsync("/Users?cursor=not-a-cursor")).ShouldBeError(HttpStatusCode.BadRequest, "invalidCursor");
        (await _seed.Client.GetAsync($"/Users?cursor={cursor}&sortBy=title")).ShouldBeError(HttpStatusCode.BadRequest, "invalidCursor");
    }

    [Fact]
    public async Task Cursor_and_startIndex_together_are_refused()
    {
        (await _seed.Client.GetAsync("/Users?cursor&startIndex=2")).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task Attributes_returns_only_what_was_asked_and_what_is_always_returned()
    {
        var response = await _seed.Client.GetAsync("/Users?filter=userName eq \"alice@x.org\"&attributes=name.familyName,emails.value");

        var user = (JObject)response.Resources.Single();
        user.Properties().Select(p => p.Name).Should().BeEquivalentTo("schemas", "id", "name", "emails", "meta");
        ((JObject)user["name"]!).Properties().Select(p => p.Name).Should().Equal("familyName");
        user["emails"]!.Select(e => ((JObject)e).Properties().Single().Name).Should().AllBe("value");
        ((JObject)user["meta"]!).Properties().Select(p => p.Name).Should().Equal("resourceType");
    }

    [Fact]
    public async Task Attributes_may_name_a_whole_extension_or_one_of_its_attributes()
    {
        var whole = await _seed.Client.GetAsync("/Users?filter=userName eq \"alice@x.org\"&attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        var one = await _seed.Client.GetAsync("/Users?filter=userName eq \"alice@x.org\"&attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");

        ((JObject)whole.Resources[0][Users.EnterpriseSchema]!).Properties().Select(p => p.Name)
            .Should().BeEquivalentTo("department", "employeeNumber", "manager");
        ((JObject)one.Resources[0][Users.EnterpriseSchema]!).Properties().Select(p => p.Name).Should().Equal("department");
        one.Resources[0]["userName"].Should().BeNull();
    }

    [Fact]
    public async Task ExcludedAttributes_drops_them_but_never_id_or_schemas()
    {
        var response = await _seed.Client.GetAsync("/Users?filter=userName eq \"alice@x.org\"&excludedAttributes=emails,name.givenName,id,schemas,urn:ietf:params:scim:schemas:extension:access:2.0:User");

        var user = response.Resources.Single();
        user["emails"].Should().BeNull();
        user["name"]!["givenName"].Should().BeNull();
        user["name"]!["familyName"].Should().NotBeNull();
        user["id"].Should().NotBeNull();
        user["schemas"].Should().NotBeNull();
        user[Users.AccessSchema].Should().BeNull();
        user[Users.EnterpriseSchema].Should().NotBeNull();
    }

    [Fact]
    public async Task Projection_applies_to_a_get_by_id()
    {
        var id = _seed.IdsByUserName["alice@x.org"];

        var response = await _seed.Client.GetAsync($"/Users/{id}?attributes=userName");

        ((JObject)response.Body!).Properties().Select(p => p.Name).Should().BeEquivalentTo("schemas", "id", "userName", "meta");
    }
}
