using ScimServer.Testing;
using System.Net;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// A change and its audit entry commit together or not at all. The fault is injected in the real SQLite file, with no
/// hook in the server: a trigger makes every audit INSERT abort. Each write path must then answer a SCIM 500 and leave
/// the resource, its version and its memberships as they were. Each test owns its server, since the trigger breaks the
/// audit log of the whole file.
/// </summary>
public sealed class AuditFailureTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly ScimClient _client;
    private readonly AdminClient _admin;

    public AuditFailureTests()
    {
        _client = _factory.CreateScimClient();
        _admin = new AdminClient(_factory.CreateClient());
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>
    /// From now on every audit INSERT (or those of one resource type) aborts its statement, as a full disk or a lost
    /// database would.
    /// </summary>
    private async Task BreakTheAuditLogAsync(string? onlyForResourceType = null)
    {
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var when = onlyForResourceType is null ? "" : $"WHEN NEW.resource_type = '{onlyForResourceType}'";
        command.CommandText = $"CREATE TRIGGER audit_unavailable BEFORE INSERT ON audit {when} BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END";
        await command.ExecuteNonQueryAsync();
    }

    private static void ShouldBeServerError(ScimResponse response) => response.ShouldBeError(HttpStatusCode.InternalServerError);

    private async Task<JObject> ReadAsync(string path)
    {
        var response = await _client.GetAsync(path);
        response.ShouldBe(HttpStatusCode.OK);
        return response.Body!;
    }

    private async Task<long> CountUsersAsync() => (await _client.GetAsync("/Users?count=0")).TotalResults;

    private async Task<long> CountGroupsAsync() => (await _client.GetAsync("/Groups?count=0")).TotalResults;

    private async Task<(string User, string Group)> UserInAGroupAsync()
    {
        var user = (await _client.CreateUserAsync($"member-{Guid.NewGuid():N}@example.com")).Id;
        var group = await _client.PostAsync("/Groups", Groups.New("Kept", user));
        group.ShouldBe(HttpStatusCode.Created);
        return (user, group.Id);
    }

    [Fact]
    public async Task Creating_a_user_fails_and_creates_nothing()
    {
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PostAsync("/Users", Users.Minimal("never@example.com")));

        (await CountUsersAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Replacing_a_user_fails_and_keeps_the_user_and_its_version()
    {
        var user = await _client.CreateUserAsync("kept@example.com", u => u["title"] = "Before");
        var before = await ReadAsync($"/Users/{user.Id}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PutAsync($"/Users/{user.Id}", Users.Minimal("renamed@example.com")));

        (await ReadAsync($"/Users/{user.Id}")).ShouldEqualJson(before);
    }

    [Fact]
    public async Task Patching_a_user_fails_and_keeps_the_user_and_its_version()
    {
        var user = await _client.CreateUserAsync("kept@example.com");
        var before = await ReadAsync($"/Users/{user.Id}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "active", false))));

        (await ReadAsync($"/Users/{user.Id}")).ShouldEqualJson(before);
    }

    [Fact]
    public async Task Deleting_a_user_fails_and_keeps_the_user_and_its_memberships()
    {
        var (user, group) = await UserInAGroupAsync();
        var before = await ReadAsync($"/Users/{user}");
        var groupBefore = await ReadAsync($"/Groups/{group}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.DeleteAsync($"/Users/{user}"));

        (await ReadAsync($"/Users/{user}")).ShouldEqualJson(before);
        (await ReadAsync($"/Groups/{group}")).ShouldEqualJson(groupBefore);
    }

    [Fact]
    public async Task Creating_a_group_with_members_fails_and_creates_neither_the_group_nor_its_edges()
    {
        var user = (await _client.CreateUserAsync("member@example.com")).Id;
        var before = await ReadAsync($"/Users/{user}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PostAsync("/Groups", Groups.New("Never", user)));

        (await CountGroupsAsync()).Should().Be(0);
        (await ReadAsync($"/Users/{user}")).ShouldEqualJson(before, "the user is in no group");
    }

    [Fact]
    public async Task Replacing_a_group_fails_and_keeps_its_name_members_and_version()
    {
        var (user, group) = await UserInAGroupAsync();
        var other = (await _client.CreateUserAsync("other@example.com")).Id;
        var before = await ReadAsync($"/Groups/{group}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PutAsync($"/Groups/{group}", Groups.New("Renamed", other)));

        (await ReadAsync($"/Groups/{group}")).ShouldEqualJson(before);
        ((JArray)(await ReadAsync($"/Users/{user}"))["groups"]!).Select(g => (string?)g["value"]).Should().Equal(group);
        (await ReadAsync($"/Users/{other}")).Property("groups").Should().BeNull();
    }

    [Fact]
    public async Task Patching_a_groups_name_fails_and_keeps_the_group_and_its_version()
    {
        var (_, group) = await UserInAGroupAsync();
        var before = await ReadAsync($"/Groups/{group}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PatchAsync($"/Groups/{group}", Groups.Patch(Groups.Operation("replace", "displayName", "Renamed"))));

        (await ReadAsync($"/Groups/{group}")).ShouldEqualJson(before);
    }

    [Fact]
    public async Task Patching_a_groups_members_fails_and_keeps_every_membership_and_the_version()
    {
        var (user, group) = await UserInAGroupAsync();
        var other = (await _client.CreateUserAsync("other@example.com")).Id;
        var before = await ReadAsync($"/Groups/{group}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.PatchAsync($"/Groups/{group}", Groups.Patch(
            Groups.Operation("add", "members", Groups.MemberValues(other)),
            Groups.Operation("remove", $"members[value eq \"{user}\"]", null))));

        (await ReadAsync($"/Groups/{group}")).ShouldEqualJson(before);
        ((JArray)(await ReadAsync($"/Users/{user}"))["groups"]!).Select(g => (string?)g["value"]).Should().Equal(group);
        (await ReadAsync($"/Users/{other}")).Property("groups").Should().BeNull();
    }

    [Fact]
    public async Task Deleting_a_group_fails_and_keeps_the_group_and_its_members()
    {
        var (user, group) = await UserInAGroupAsync();
        var before = await ReadAsync($"/Groups/{group}");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _client.DeleteAsync($"/Groups/{group}"));

        (await ReadAsync($"/Groups/{group}")).ShouldEqualJson(before);
        ((JArray)(await ReadAsync($"/Users/{user}"))["groups"]!).Select(g => (string?)g["value"]).Should().Equal(group);
    }

    [Fact]
    public async Task A_bulk_request_of_single_writes_fails_and_changes_nothing()
    {
        // failOnErrors makes the processor write operation by operation, never batched.
        var user = await _client.CreateUserAsync("kept@example.com");
        var before = await ReadAsync($"/Users/{user.Id}");
        await BreakTheAuditLogAsync();
        var body = JObject.Parse($$$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":5,"Operations":[
              {"method":"POST","path":"/Users","bulkId":"u","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"new@example.com"}},
              {"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"New","members":[{"value":"bulkId:u"}]}},
              {"method":"PATCH","path":"/Users/{{{user.Id}}}","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"After"}]}},
              {"method":"DELETE","path":"/Users/{{{user.Id}}}"}]}
            """);

        ShouldBeServerError(await _client.PostAsync("/Bulk", body));

        (await CountUsersAsync()).Should().Be(1);
        (await CountGroupsAsync()).Should().Be(0);
        (await ReadAsync($"/Users/{user.Id}")).ShouldEqualJson(before);
    }

    [Fact]
    public async Task A_bulk_request_of_batched_creations_fails_and_creates_nothing()
    {
        await BreakTheAuditLogAsync();
        var body = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = new JArray(Enumerable.Range(0, 20).Select(i => new JObject
            {
                ["method"] = "POST",
                ["path"] = "/Users",
                ["bulkId"] = $"u{i}",
                ["data"] = Users.Minimal($"batch{i}@example.com"),
            })),
        };

        ShouldBeServerError(await _client.PostAsync("/Bulk", body));

        (await CountUsersAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Creating_a_tenant_fails_and_creates_no_tenant()
    {
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _admin.PostAsync("/admin/tenants", new JObject
        {
            ["id"] = "never",
            ["firstAdmin"] = new JObject { ["userName"] = "owner@never.example" },
        }));

        (await _admin.GetAsync("/admin/tenants/never")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_a_tenant_whose_first_administrator_cannot_be_recorded_creates_no_tenant()
    {
        await BreakTheAuditLogAsync(onlyForResourceType: "User");

        ShouldBeServerError(await _admin.PostAsync("/admin/tenants", new JObject
        {
            ["id"] = "never",
            ["firstAdmin"] = new JObject { ["userName"] = "owner@never.example" },
        }));

        (await _admin.GetAsync("/admin/tenants/never")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Updating_a_tenant_fails_and_keeps_its_settings()
    {
        (await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = "acme", ["organizations"] = new JArray("Sales") })).ShouldBe(HttpStatusCode.Created);
        var before = (await _admin.GetAsync("/admin/tenants/acme")).Body;
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _admin.PatchAsync("/admin/tenants/acme", new JObject { ["name"] = "Renamed", ["organizations"] = new JArray("Ops") }));

        (await _admin.GetAsync("/admin/tenants/acme")).Body.ShouldEqualJson(before);
    }

    [Fact]
    public async Task Deleting_a_tenant_fails_and_keeps_the_tenant_with_its_users_and_tokens()
    {
        var client = await _admin.CreateTenantWithTokenAsync("acme");
        var user = await client.CreateUserAsync("stays@example.com");
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _admin.DeleteAsync("/admin/tenants/acme"));

        (await _admin.GetAsync("/admin/tenants/acme")).ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/Users/{user.Id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Creating_a_token_fails_and_issues_no_token()
    {
        (await _admin.PostAsync("/admin/tenants", new JObject { ["id"] = "acme" })).ShouldBe(HttpStatusCode.Created);
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _admin.PostAsync("/admin/tenants/acme/tokens", new JObject { ["name"] = "entra" }));
        ShouldBeServerError(await _admin.PostAsync("/admin/tenants/acme/clients", new JObject { ["name"] = "okta" }));

        ((JArray)(await _admin.GetAsync("/admin/tenants/acme/tokens")).Body!["tokens"]!).Should().BeEmpty();
        ((JArray)(await _admin.GetAsync("/admin/tenants/acme/clients")).Body!["clients"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task Revoking_a_token_fails_and_the_token_still_works()
    {
        var client = await _admin.CreateTenantWithTokenAsync("acme");
        var tokenId = (string)(await _admin.GetAsync("/admin/tenants/acme/tokens")).Body!["tokens"]![0]!["id"]!;
        await BreakTheAuditLogAsync();

        ShouldBeServerError(await _admin.DeleteAsync($"/admin/tenants/acme/tokens/{tokenId}"));

        (await client.GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);
    }
}
