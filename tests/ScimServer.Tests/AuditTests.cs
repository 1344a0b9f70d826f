using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>The audit log: every change appended with tenant, time, actor, operation, resource, version and request id.</summary>
public sealed class AuditTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly AdminClient _admin;

    public AuditTests(ScimServerFactory factory)
    {
        _factory = factory;
        _admin = new AdminClient(factory.CreateClient());
    }

    [Fact]
    public async Task Create_patch_replace_and_delete_are_recorded_and_the_history_outlives_the_user()
    {
        var tenant = $"audit{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant, tokenName: "entra");
        var user = await client.CreateUserAsync("audited@example.com");
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "active", false)));
        await client.PutAsync($"/Users/{user.Id}", Users.Minimal("audited@example.com"));
        await client.DeleteAsync($"/Users/{user.Id}");

        var log = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?resourceId={user.Id}");

        log.ShouldBe(HttpStatusCode.OK);
        var entries = (JArray)log.Body!["entries"]!;
        entries.Select(e => (string?)e["operation"]).Should().Equal("create", "patch", "replace", "delete");
        entries.Select(e => (long?)e["version"]).Should().Equal(1, 2, 3, null);
        entries.Should().OnlyContain(e => (string?)e["actor"] == "entra" && (string?)e["resourceType"] == "User");
        entries.Should().OnlyContain(e => !string.IsNullOrEmpty((string?)e["requestId"]) && !string.IsNullOrEmpty((string?)e["at"]));
    }

    [Fact]
    public async Task Membership_changes_are_recorded_on_the_group()
    {
        var tenant = $"audit{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var user = await client.CreateUserAsync("member@example.com");
        var group = await client.PostAsync("/Groups", Groups.New("audited"));
        await client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user.Id))));

        var log = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?resourceId={group.Id}");

        var patch = log.Body!["entries"]!.Last();
        ((string?)patch["operation"]).Should().Be("patch");
        ((string?)patch["summary"]).Should().Contain("members +1");
        ((long?)patch["version"]).Should().Be(2);
    }

    [Fact]
    public async Task A_rejected_write_is_not_recorded()
    {
        var tenant = $"audit{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var user = await client.CreateUserAsync("kept@example.com");
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "id", "nope")));
        await client.PostAsync("/Users", Users.Minimal("kept@example.com"));

        var log = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?resourceId={user.Id}");

        log.Body!["entries"]!.Select(e => (string?)e["operation"]).Should().Equal("create");
    }

    [Fact]
    public async Task The_log_pages_and_filters_by_time()
    {
        var tenant = $"audit{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        for (var i = 0; i < 5; i++)
        {
            await client.CreateUserAsync($"page{i}@example.com");
        }

        var first = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?count=3");
        var second = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?count=3&after={first.Body!["next"]}");
        var future = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?from=2999-01-01T00:00:00Z");
        var bad = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?from=yesterday");

        var all = first.Body["entries"]!.Concat(second.Body!["entries"]!).Select(e => (long)e["sequence"]!).ToList();
        all.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        all.Should().HaveCountGreaterThanOrEqualTo(6, "tenant and token creation and five users are recorded");
        future.Body!["entries"]!.Should().BeEmpty();
        bad.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task A_tenant_token_cannot_read_the_audit_log()
    {
        (await new AdminClient(_factory.CreateClient(), ScimServerFactory.TenantToken).GetAsync("/admin/tenants/default/audit"))
            .ShouldBeError(HttpStatusCode.Forbidden);
    }
}
