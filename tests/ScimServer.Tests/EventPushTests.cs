using System.Net;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>Push delivery (RFC 8935) to a real receiver on loopback: in order, signed, retried while it is down, nothing lost.</summary>
public sealed class EventPushTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly AdminClient _admin;

    public EventPushTests()
    {
        // Fast retries, so that an outage of a second is many attempts.
        _factory.Settings["Events:PushRetryDelay"] = "00:00:00.050";
        _factory.Settings["Events:PushMaxRetryDelay"] = "00:00:00.300";
        _factory.Settings["Events:PushInterval"] = "00:00:00.050";
        _factory.Settings["Events:FailingAfter"] = "00:00:00.200";
        _admin = new AdminClient(_factory.CreateClient());
    }

    [Fact]
    public async Task Events_are_pushed_in_order_as_signed_secevent_jwt_with_the_configured_authorization()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var (client, tenant) = await TenantWithPushStreamAsync(receiver);
        var users = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            users.Add((await client.CreateUserAsync($"push{i}@example.com")).Id);
        }

        await receiver.WaitForAsync(5, TimeSpan.FromSeconds(20));

        var events = await new EventReceiver(_factory.CreateClient(), _admin, tenant).VerifyAsync(Keyed(receiver.Sets));
        events.Select(e => ((string)e["sub_id"]!["uri"]!).Split('/')[2]).Should().Equal(users);
        receiver.Requests.Should().OnlyContain(r => r.Authorization == "Bearer receiver-secret" && r.ContentType!.StartsWith("application/secevent+jwt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_is_down_for_a_while_gets_every_event_in_order_once_it_is_back()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var (client, tenant) = await TenantWithPushStreamAsync(receiver);
        receiver.Down = true;
        var users = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            users.Add((await client.CreateUserAsync($"down{i}@example.com")).Id);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (receiver.Refused < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        receiver.Refused.Should().BeGreaterThanOrEqualTo(5, "the server keeps retrying while the receiver is down");
        await Task.Delay(300);
        var status = await _admin.GetAsync($"/admin/tenants/{tenant}/event-streams/{StreamIdOf(tenant)}/status");
        ((string?)status.Body!["state"]).Should().Be("failing");
        ((int?)status.Body["failures"]).Should().BeGreaterThan(0);
        receiver.Sets.Should().BeEmpty();

        receiver.Down = false;
        await receiver.WaitForAsync(10, TimeSpan.FromSeconds(20));

        var events = await new EventReceiver(_factory.CreateClient(), _admin, tenant).VerifyAsync(Keyed(receiver.Sets));
        events.Select(e => ((string)e["sub_id"]!["uri"]!).Split('/')[2]).Should().Equal(users);
        var recovered = await _admin.GetAsync($"/admin/tenants/{tenant}/event-streams/{StreamIdOf(tenant)}/status");
        ((string?)recovered.Body!["state"]).Should().Be("active");
        ((int?)recovered.Body["failures"]).Should().Be(0);
    }

    public void Dispose() => _factory.Dispose();

    private readonly Dictionary<string, string> _streams = new();

    private string StreamIdOf(string tenant) => _streams[tenant];

    /// <summary>The pushed SETs keyed by jti, as a poll response holds them, for the same verification.</summary>
    private static JObject Keyed(IEnumerable<string> sets)
    {
        var keyed = new JObject();
        foreach (var set in sets)
        {
            keyed[(string)JObject.Parse(Base64UrlEncoder.Decode(set.Split('.')[1]))["jti"]!] = set;
        }

        return keyed;
    }

    private async Task<(ScimClient Client, string Tenant)> TenantWithPushStreamAsync(PushReceiver receiver)
    {
        var tenant = $"push{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var stream = await _admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
            ["authorization"] = "Bearer receiver-secret",
        });
        stream.ShouldBe(HttpStatusCode.Created);
        _streams[tenant] = stream.Id;
        return (client, tenant);
    }
}
