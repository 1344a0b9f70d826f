using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Tenant isolation over every endpoint: a tenant's token never reads, lists, filters, patches or deletes another
/// tenant's users, groups or audit; another tenant's ids answer 404 and nothing changes.
/// </summary>
public sealed class IsolationTests : IClassFixture<ScimServerFactory>, IAsyncLifetime
{
    private readonly ScimServerFactory _factory;
    private readonly ScimClient _owner;
    private ScimClient _intruder = null!;
    private ScimResponse _user = null!;
    private ScimResponse _group = null!;

    public IsolationTests(ScimServerFactory factory)
    {
        _factory = factory;
        _owner = factory.CreateScimClient();
    }

    public async Task InitializeAsync()
    {
        _intruder = await new AdminClient(_factory.CreateClient()).CreateTenantWithTokenAsync($"intruder{Guid.NewGuid():N}"[..20]);
        _user = await _owner.CreateUserAsync($"private-{Guid.NewGuid():N}@example.com");
        _group = await _owner.PostAsync("/Groups", Groups.New($"private-{Guid.NewGuid():N}", _user.Id));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> ForeignIdRequests => new()
    {
        { "GET", "/Users/{user}" },
        { "PUT", "/Users/{user}" },
        { "PATCH", "/Users/{user}" },
        { "DELETE", "/Users/{user}" },
        { "GET", "/Groups/{group}" },
        { "PUT", "/Groups/{group}" },
        { "PATCH", "/Groups/{group}" },
        { "DELETE", "/Groups/{group}" },
    };

    [Theory]
    [MemberData(nameof(ForeignIdRequests))]
    public async Task Another_tenants_resource_is_404_and_unchanged(string method, string path)
    {
        var target = path.Replace("{user}", _user.Id, StringComparison.Ordinal).Replace("{group}", _group.Id, StringComparison.Ordinal);
        object? body = method switch
        {
            "PUT" when path.StartsWith("/Users", StringComparison.Ordinal) => Users.Minimal("taken-over@example.com"),
            "PUT" => Groups.New("taken over"),
            "PATCH" => Groups.Patch(Groups.Operation("replace", "displayName", "taken over")),
            _ => null,
        };

        var response = await _intruder.SendAsync(new HttpMethod(method), target, body);

        response.ShouldBeError(HttpStatusCode.NotFound);
        (await _owner.GetAsync($"/Users/{_user.Id}")).ETag.Should().Be(_user.ETag);
        (await _owner.GetAsync($"/Groups/{_group.Id}")).ETag.Should().Be(_group.ETag);
    }

    [Theory]
    [InlineData("/Users")]
    [InlineData("/Groups")]
    public async Task Lists_and_filters_never_show_another_tenants_resources(string endpoint)
    {
        var byId = await _intruder.GetAsync($"{endpoint}?filter=" + Uri.EscapeDataString($"id eq \"{(endpoint == "/Users" ? _user.Id : _group.Id)}\""));
        var all = await _intruder.GetAsync(endpoint);
        var search = await _intruder.PostAsync($"{endpoint}/.search", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = "meta.created pr",
        });

        byId.TotalResults.Should().Be(0);
        all.TotalResults.Should().Be(0);
        search.TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task Root_search_and_membership_filters_stay_in_the_tenant()
    {
        var root = await _intruder.PostAsync("/.search", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = $"id eq \"{_user.Id}\"",
        });
        var byMember = await _intruder.GetAsync("/Groups?filter=" + Uri.EscapeDataString($"members.value eq \"{_user.Id}\""));
        var byGroup = await _intruder.GetAsync("/Users?filter=" + Uri.EscapeDataString($"groups.value eq \"{_group.Id}\""));

        root.TotalResults.Should().Be(0);
        byMember.TotalResults.Should().Be(0);
        byGroup.TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task Bulk_operations_cannot_reach_another_tenants_resources()
    {
        var response = await _intruder.PostAsync("/Bulk", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = new JArray(
                new JObject
                {
                    ["method"] = "PATCH",
                    ["path"] = $"/Users/{_user.Id}",
                    ["data"] = Groups.Patch(Groups.Operation("replace", "active", false)),
                },
                new JObject { ["method"] = "DELETE", ["path"] = $"/Groups/{_group.Id}" }),
        });

        response.Body!["Operations"]!.Select(o => (string?)o["status"]).Should().Equal("404", "404");
        (await _owner.GetAsync($"/Users/{_user.Id}")).ETag.Should().Be(_user.ETag);
        (await _owner.GetAsync($"/Groups/{_group.Id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_tenants_user_cannot_be_made_a_member()
    {
        var group = await _intruder.PostAsync("/Groups", Groups.New("mine"));

        var response = await _intruder.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(_user.Id))));
        var created = await _intruder.PostAsync("/Groups", Groups.New("mine too", _user.Id));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        created.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task The_same_userName_may_exist_in_two_tenants()
    {
        var response = await _intruder.PostAsync("/Users", Users.Minimal((string)_user.Body!["userName"]!));

        response.ShouldBe(HttpStatusCode.Created);
        response.Id.Should().NotBe(_user.Id);
    }

    [Fact]
    public async Task A_tenant_token_cannot_reach_the_admin_api_or_another_tenant_by_path()
    {
        var admin = new AdminClient(_factory.CreateClient(), ScimServerFactory.TenantToken);

        (await admin.GetAsync("/admin/tenants/default/audit")).ShouldBeError(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/admin/tenants")).ShouldBeError(HttpStatusCode.Forbidden);
        (await _factory.CreateScimClient(ScimServerFactory.TenantToken, "/tenants/default/scim/v2").GetAsync("/Users")).ShouldBeError(HttpStatusCode.Forbidden);
    }
}
