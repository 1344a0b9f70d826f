using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Provisioning events (RFC 9967) through a poll stream (RFC 8936): which event each write makes, on every write path,
/// signed and verifiable with the published JWKS, acknowledged, paused, and kept within the tenant.
/// </summary>
public sealed class EventStreamTests : IClassFixture<ScimServerFactory>
{
    private const string Prov = "urn:ietf:params:scim:event:prov:";
    private readonly ScimServerFactory _factory;
    private readonly AdminClient _admin;

    public EventStreamTests(ScimServerFactory factory)
    {
        _factory = factory;
        _admin = new AdminClient(factory.CreateClient());
    }

    [Fact]
    public async Task Create_patch_put_and_delete_of_a_user_make_their_notice_events_with_subject_version_and_changed_attributes()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var user = await client.CreateUserAsync("ev1@example.com", u => u["externalId"] = "hr-1");
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "displayName", "Eve")));
        var put = Users.Minimal("ev1@example.com");
        put["externalId"] = "hr-1";
        put["title"] = "Engineer";
        await client.PutAsync($"/Users/{user.Id}", put);
        await client.DeleteAsync($"/Users/{user.Id}");

        var events = await receiver.TakeAsync();

        events.Select(e => ((JObject)e["events"]!).Properties().Single().Name).Should().Equal(
            Prov + "create:notice", Prov + "patch:notice", Prov + "put:notice", Prov + "delete");
        events.Should().OnlyContain(e => (string?)e["sub_id"]!["format"] == "scim"
            && (string?)e["sub_id"]!["uri"] == $"/Users/{user.Id}"
            && (string?)e["sub_id"]!["externalId"] == "hr-1"
            && (string?)e["tenant"] == receiver.Tenant
            && e["txn"] != null && e["toe"] != null && e["iat"] != null && e["iss"] != null && e["aud"] != null);
        var create = events[0]["events"]![Prov + "create:notice"]!;
        ((string?)create["version"]).Should().Be("W/\"1\"");
        create["attributes"]!.Select(a => (string?)a).Should().Contain(["id", "userName", "externalId"]);
        var patch = events[1]["events"]![Prov + "patch:notice"]!;
        ((string?)patch["version"]).Should().Be("W/\"2\"");
        patch["attributes"]!.Select(a => (string?)a).Should().Equal("displayName");
        var replace = events[2]["events"]![Prov + "put:notice"]!;
        replace["attributes"]!.Select(a => (string?)a).Should().BeEquivalentTo("displayName", "title");
        ((JObject)events[3]["events"]![Prov + "delete"]!).Should().BeEmpty();
        events.Select(e => (string?)e["jti"]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_full_stream_carries_the_user_as_it_stood_after_each_change_and_never_a_password()
    {
        var tenant = $"evfull{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant, new JObject { ["format"] = "full" });
        var user = await client.CreateUserAsync("full@example.com", u =>
        {
            u["externalId"] = "hr-full";
            u["password"] = "Sup3r-secret!";
        });
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "displayName", "Eve")));
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "password", "An0ther-secret!")));
        await client.DeleteAsync($"/Users/{user.Id}");

        var poll = await receiver.PollRawAsync(new JObject { ["returnImmediately"] = true });
        var events = await receiver.VerifyAsync((JObject)poll.Body!["sets"]!);

        events.Select(e => ((JObject)e["events"]!).Properties().First().Name).Should().Equal(
            Prov + "create:full", Prov + "patch:full", Prov + "patch:full", Prov + "delete");
        var created = events[0]["events"]![Prov + "create:full"]!;
        ((string?)created["version"]).Should().Be("W/\"1\"");
        ((string?)created["data"]!["id"]).Should().Be(user.Id);
        ((string?)created["data"]!["userName"]).Should().Be("full@example.com");
        ((string?)created["data"]!["externalId"]).Should().Be("hr-full");
        ((string?)created["data"]!["meta"]!["version"]).Should().Be("W/\"1\"");

        // Polled after every change, the first SET still tells the user as it was then: without the later displayName.
        created["data"]!["displayName"].Should().BeNull();
        var patched = events[1]["events"]![Prov + "patch:full"]!;
        ((string?)patched["version"]).Should().Be("W/\"2\"");
        ((string?)patched["data"]!["displayName"]).Should().Be("Eve");
        ((string?)patched["data"]!["userName"]).Should().Be("full@example.com");
        patched["attributes"].Should().BeNull("the full form carries the resource, not the names of what changed");
        ((JObject)events[3]["events"]![Prov + "delete"]!).Should().BeEmpty();

        poll.RawBody.Should().NotContain("Sup3r-secret!").And.NotContain("An0ther-secret!");
        string.Concat(events.Select(e => e.ToString())).Should().NotContain("Sup3r-secret!").And.NotContain("An0ther-secret!").And.NotContain("password\"");
    }

    [Fact]
    public async Task A_full_stream_of_a_put_carries_the_replaced_user()
    {
        var tenant = $"evput{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant, new JObject { ["format"] = "full" });
        var user = await client.CreateUserAsync("fullput@example.com");
        var put = Users.Minimal("fullput@example.com");
        put["title"] = "Engineer";
        await client.PutAsync($"/Users/{user.Id}", put);

        var events = await receiver.TakeAsync();

        var replaced = events[1]["events"]![Prov + "put:full"]!;
        ((string?)replaced["data"]!["title"]).Should().Be("Engineer");
        ((string?)replaced["data"]!["meta"]!["resourceType"]).Should().Be("User");
    }

    [Fact]
    public async Task Turning_active_off_and_on_adds_deactivate_and_activate_to_the_change_event()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var user = await client.CreateUserAsync("leaver@example.com");

        // Entra ID's soft delete: PATCH replace active "False" (its documented string form).
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("Replace", "active", "False")));
        var back = Users.Minimal("leaver@example.com");
        back["active"] = true;
        await client.PutAsync($"/Users/{user.Id}", back);

        var events = await receiver.TakeAsync();

        var names = events.Select(e => ((JObject)e["events"]!).Properties().Select(p => p.Name).ToList()).ToList();
        names[1].Should().BeEquivalentTo(Prov + "patch:notice", Prov + "deactivate");
        names[2].Should().BeEquivalentTo(Prov + "put:notice", Prov + "activate");
        events[1]["events"]![Prov + "patch:notice"]!["attributes"]!.Select(a => (string?)a).Should().Equal("active");
    }

    [Fact]
    public async Task A_password_change_is_its_own_event_and_no_event_holds_the_password()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var user = await client.CreateUserAsync("pw@example.com");
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "password", "Sup3r-secret!")));

        var poll = await receiver.PollRawAsync(new JObject { ["returnImmediately"] = true });
        var events = await receiver.VerifyAsync((JObject)poll.Body!["sets"]!);

        ((JObject)events[1]["events"]!).Properties().Select(p => p.Name).Should().Contain("urn:scimserver:event:password:change");
        events[1]["events"]![Prov + "patch:notice"]!["attributes"]!.Should().BeEmpty();
        string.Concat(events.Select(e => e.ToString())).Should().NotContain("Sup3r-secret!").And.NotContain("password\"");
        poll.RawBody.Should().NotContain("Sup3r-secret!");
    }

    [Fact]
    public async Task Bulk_operations_make_the_same_events_as_the_single_requests_in_order()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var bulk = JObject.Parse("""
            {
              "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
              "Operations": [
                { "method": "POST", "path": "/Users", "bulkId": "u1", "data": { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bulk1@example.com" } },
                { "method": "POST", "path": "/Groups", "bulkId": "g1", "data": { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "bulk", "members": [{ "value": "bulkId:u1" }] } },
                { "method": "PATCH", "path": "/Users/bulkId:u1", "data": { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{ "op": "replace", "path": "active", "value": false }] } },
                { "method": "DELETE", "path": "/Groups/bulkId:g1" }
              ]
            }
            """);
        (await client.PostAsync("/Bulk", bulk)).ShouldBe(HttpStatusCode.OK);

        var events = await receiver.TakeAsync();

        var names = events.Select(e => string.Join(" ", ((JObject)e["events"]!).Properties().Select(p => p.Name))).ToList();
        names.Should().Equal(
            Prov + "create:notice",
            Prov + "create:notice",
            $"{Prov}patch:notice {Prov}deactivate",
            Prov + "delete");
        ((string?)events[1]["sub_id"]!["uri"]).Should().StartWith("/Groups/");
        events[1]["events"]![Prov + "create:notice"]!["attributes"]!.Select(a => (string?)a).Should().Contain("members");
    }

    [Fact]
    public async Task A_group_membership_patch_names_members_as_changed()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var user = await client.CreateUserAsync("gm@example.com");
        var group = await client.PostAsync("/Groups", Groups.New("crm"));
        await client.PatchAsync($"/Groups/{group.Id}", Groups.Patch(Groups.Operation("add", "members", Groups.MemberValues(user.Id))));

        var events = await receiver.TakeAsync();

        var patch = events[^1]["events"]![Prov + "patch:notice"]!;
        patch["attributes"]!.Select(a => (string?)a).Should().Equal("members");
        ((string?)patch["version"]).Should().Be("W/\"2\"");
    }

    [Fact]
    public async Task Unacknowledged_events_come_again_and_acknowledged_ones_never()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateUserAsync($"ack{i}@example.com");
        }

        var first = await receiver.PeekAsync(maxEvents: 2);
        var again = await receiver.PeekAsync(maxEvents: 2);
        again.Select(e => (string?)e["jti"]).Should().Equal(first.Select(e => (string?)e["jti"]));

        // Acknowledge the second only: the first is still owed, the second never comes back.
        var acked = await receiver.PollRawAsync(new JObject { ["ack"] = new JArray((string)first[1]["jti"]!), ["returnImmediately"] = true });
        var rest = await receiver.VerifyAsync((JObject)acked.Body!["sets"]!);

        rest.Should().HaveCount(2);
        ((string?)rest[0]["jti"]).Should().Be((string?)first[0]["jti"]);
        JtiSequence(rest[1]).Should().BeGreaterThan(JtiSequence(first[1]));
        await receiver.TakeAsync();
        (await receiver.PeekAsync()).Should().BeEmpty();
        var status = await _admin.GetAsync($"/admin/tenants/{receiver.Tenant}/event-streams/{receiver.StreamId}/status");
        ((long?)status.Body!["lag"]!["entries"]).Should().Be(0);
        ((string?)status.Body["lastDelivered"]).Should().NotBeNull();
    }

    [Fact]
    public async Task A_poll_with_more_events_than_max_events_says_more_are_available()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateUserAsync($"more{i}@example.com");
        }

        var poll = await receiver.PollRawAsync(new JObject { ["maxEvents"] = 2, ["returnImmediately"] = true });

        ((JObject)poll.Body!["sets"]!).Count.Should().Be(2);
        ((bool?)poll.Body["moreAvailable"]).Should().BeTrue();
    }

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_a_change_is_made()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var waiting = receiver.PollRawAsync(new JObject { ["maxEvents"] = 10 });
        await Task.Delay(300);
        waiting.IsCompleted.Should().BeFalse("nothing happened yet, so the poll waits");

        await client.CreateUserAsync("longpoll@example.com");
        var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        ((JObject)answered.Body!["sets"]!).Count.Should().Be(1);
    }

    [Fact]
    public async Task A_paused_stream_delivers_nothing_and_after_resuming_everything_it_missed()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var path = $"/admin/tenants/{receiver.Tenant}/event-streams/{receiver.StreamId}";
        (await _admin.PatchAsync(path, new JObject { ["paused"] = true })).ShouldBe(HttpStatusCode.OK);
        await client.CreateUserAsync("paused@example.com");

        (await receiver.PeekAsync()).Should().BeEmpty();
        ((string?)(await _admin.GetAsync(path + "/status")).Body!["state"]).Should().Be("paused");

        (await _admin.PatchAsync(path, new JObject { ["paused"] = false })).ShouldBe(HttpStatusCode.OK);
        (await receiver.PeekAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_stream_sees_only_its_own_tenant_and_a_tenant_token_reads_only_its_own_streams()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        var (otherClient, otherReceiver) = await TenantWithPollStreamAsync();
        await client.CreateUserAsync("mine@example.com");
        await otherClient.CreateUserAsync("theirs@example.com");

        (await receiver.PeekAsync()).Should().ContainSingle().Which["tenant"]!.ToString().Should().Be(receiver.Tenant);

        var ownToken = client.Token;
        (await receiver.PollRawAsync(new JObject { ["returnImmediately"] = true }, ownToken)).ShouldBe(HttpStatusCode.OK);
        (await otherReceiver.PollRawAsync(new JObject { ["returnImmediately"] = true }, ownToken)).ShouldBeError(HttpStatusCode.NotFound);
        (await receiver.PollRawAsync(new JObject { ["returnImmediately"] = true }, token: null)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Streams_are_created_listed_read_and_deleted_through_the_admin_api_and_bad_settings_are_refused()
    {
        var tenant = $"evs{Guid.NewGuid():N}"[..20];
        await _admin.CreateTenantWithTokenAsync(tenant);
        var path = $"/admin/tenants/{tenant}/event-streams";

        var push = await _admin.PostAsync(path, new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = "https://receiver.example.com/events",
            ["authorization"] = "Bearer receiver-secret",
            ["events"] = new JArray(Prov + "create:notice", Prov + "deactivate"),
        });
        push.ShouldBe(HttpStatusCode.Created);
        push.Location.Should().EndWith($"{path}/{push.Id}");
        push.RawBody.Should().NotContain("receiver-secret");
        ((string?)push.Body!["format"]).Should().Be("notice");
        (await _admin.GetAsync($"{path}/{push.Id}")).ShouldBe(HttpStatusCode.OK);
        ((JArray)(await _admin.GetAsync(path)).Body!["streams"]!).Should().ContainSingle();

        (await _admin.PostAsync(path, new JObject { ["delivery"] = "carrier-pigeon" })).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await _admin.PostAsync(path, new JObject { ["delivery"] = "push" })).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await _admin.PostAsync(path, new JObject { ["delivery"] = "poll", ["events"] = new JArray("urn:nope") })).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await _admin.PostAsync("/admin/tenants/no-such-tenant/event-streams", new JObject { ["delivery"] = "poll" })).ShouldBeError(HttpStatusCode.NotFound);
        (await _admin.PatchAsync($"{path}/{push.Id}", new JObject { ["paused"] = "yes" })).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");

        (await _admin.DeleteAsync($"{path}/{push.Id}")).ShouldBe(HttpStatusCode.NoContent);
        (await _admin.GetAsync($"{path}/{push.Id}")).ShouldBeError(HttpStatusCode.NotFound);
        ((JArray)(await _admin.GetAsync(path)).Body!["streams"]!).Should().BeEmpty();
    }

    [Fact]
    public async Task A_stream_filter_keeps_only_the_events_it_names()
    {
        var tenant = $"evf{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant, new JObject { ["events"] = new JArray(Prov + "deactivate") });
        var user = await client.CreateUserAsync("filtered@example.com");
        await client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "active", false)));

        var events = await receiver.TakeAsync();

        events.Should().ContainSingle();
        ((JObject)events[0]["events"]!).Properties().Select(p => p.Name).Should().Equal(Prov + "deactivate");
    }

    [Fact]
    public async Task Deleting_a_tenant_deletes_its_streams_so_a_tenant_created_again_under_its_id_has_none()
    {
        var (client, receiver) = await TenantWithPollStreamAsync();
        await client.CreateUserAsync("gone@example.com");
        (await _admin.DeleteAsync($"/admin/tenants/{receiver.Tenant}")).ShouldBe(HttpStatusCode.NoContent);

        var again = await _admin.CreateTenantWithTokenAsync(receiver.Tenant);
        await again.CreateUserAsync("new@example.com");

        ((JArray)(await _admin.GetAsync($"/admin/tenants/{receiver.Tenant}/event-streams")).Body!["streams"]!).Should().BeEmpty();
        (await _admin.GetAsync($"/admin/tenants/{receiver.Tenant}/event-streams/{receiver.StreamId}")).ShouldBeError(HttpStatusCode.NotFound);
        (await receiver.PollRawAsync(new JObject { ["returnImmediately"] = true })).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_published_jwks_holds_one_public_signing_key_and_no_private_part()
    {
        var jwks = await _admin.GetAsync("/.well-known/jwks.json");

        jwks.ShouldBe(HttpStatusCode.OK);
        var key = ((JArray)jwks.Body!["keys"]!).Should().ContainSingle().Subject;
        ((string?)key["use"]).Should().Be("sig");
        ((string?)key["alg"]).Should().Be("RS256");
        key["d"].Should().BeNull();
        key["p"].Should().BeNull();
    }

    private static long JtiSequence(JObject set) => long.Parse(((string)set["jti"]!).Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(ScimClient Client, EventReceiver Receiver)> TenantWithPollStreamAsync()
    {
        var tenant = $"ev{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant);
        return (client, receiver);
    }
}
