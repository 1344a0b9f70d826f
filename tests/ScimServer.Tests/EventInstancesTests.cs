using System.Globalization;
using System.Net;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Two server instances on one SQLite file, each running push delivery: the stream's lease lets one of them push it,
/// so a loopback receiver gets every event, in order, each once — also when one SET takes longer than the lease.
/// </summary>
public sealed class EventInstancesTests : IDisposable
{
    private readonly ScimServerFactory _first = new();
    private readonly ScimServerFactory _second = new();

    [Fact]
    public async Task Two_instances_on_one_store_push_every_event_once_in_order()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var (_, second) = Start(TimeSpan.FromSeconds(2));
        var firstClient = await TenantWithPushStreamAsync(receiver);
        var secondClient = new ScimClient(second.CreateClient(), firstClient.Token, "/scim/v2");

        var users = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var client = i % 2 == 0 ? firstClient : secondClient;
            users.Add((await client.CreateUserAsync($"two{i}@example.com")).Id);
        }

        await receiver.WaitForAsync(users.Count, TimeSpan.FromSeconds(60));
        await Task.Delay(500);

        var received = receiver.Sets.Select(Claims).ToList();
        received.Select(c => c.Subject).Should().Equal(users, "every event arrives, in the log's order, each once");
        received.Select(c => c.Jti).Should().OnlyHaveUniqueItems();
        receiver.MaxInFlight.Should().Be(1);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_lease_is_pushed_by_one_instance_only()
    {
        await using var receiver = await PushReceiver.StartAsync();

        // Each SET takes longer than the lease runs: only renewals while it is in flight keep the other instance out.
        receiver.AcknowledgeAfter = TimeSpan.FromSeconds(2.5);
        Start(TimeSpan.FromSeconds(1.5));
        var client = await TenantWithPushStreamAsync(receiver);
        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await client.CreateUserAsync($"slow{i}@example.com")).Id);
        }

        await receiver.WaitForAsync(users.Count, TimeSpan.FromSeconds(60));

        // Long enough for a second instance that took the stream to have pushed a SET again.
        await Task.Delay(TimeSpan.FromSeconds(3));

        receiver.MaxInFlight.Should().Be(1, "one instance pushes the stream at a time");
        receiver.Sets.Select(Claims).Select(c => c.Subject).Should().Equal(users, "each event once, in order");
    }

    [Fact]
    public async Task A_poll_waiting_on_one_instance_gets_a_change_written_through_the_other()
    {
        Start(TimeSpan.FromSeconds(2));
        var tenant = $"twopoll{Guid.NewGuid():N}"[..20];
        var admin = new AdminClient(_first.CreateClient());
        var client = await admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_second.CreateClient(), new AdminClient(_second.CreateClient()), tenant);
        var waiting = receiver.PollRawAsync(new JObject { ["maxEvents"] = 10 });
        await Task.Delay(300);

        // No signal crosses processes: the second instance's periodic check finds the first one's write.
        var user = await client.CreateUserAsync("elsewhere@example.com");
        var answered = await waiting;

        var events = await receiver.VerifyAsync((JObject)answered.Body!["sets"]!);
        events.Should().ContainSingle().Which["sub_id"]!["id"]!.ToString().Should().Be(user.Id);
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    /// <summary>Starts both instances on the first one's file, with fast delivery rounds and the given lease.</summary>
    private (ScimServerFactory First, ScimServerFactory Second) Start(TimeSpan lease)
    {
        foreach (var factory in new[] { _first, _second })
        {
            factory.Settings["Events:PushInterval"] = "00:00:00.050";
            factory.Settings["Events:PushRetryDelay"] = "00:00:00.050";
            factory.Settings["Events:PushMaxRetryDelay"] = "00:00:00.300";
            factory.Settings["Events:LeaseDuration"] = lease.ToString("c", CultureInfo.InvariantCulture);
        }

        _second.Settings["Storage:SqlitePath"] = _first.DatabasePath;
        _ = _first.Server;
        _ = _second.Server;
        return (_first, _second);
    }

    /// <summary>A tenant with a push stream to <paramref name="receiver"/>, made through the first instance; a client of it there.</summary>
    private async Task<ScimClient> TenantWithPushStreamAsync(PushReceiver receiver)
    {
        var admin = new AdminClient(_first.CreateClient());
        var tenant = $"two{Guid.NewGuid():N}"[..20];
        var client = await admin.CreateTenantWithTokenAsync(tenant);
        (await admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject { ["delivery"] = "push", ["endpoint"] = receiver.Url }))
            .ShouldBe(HttpStatusCode.Created);
        return client;
    }

    private static (string Jti, string Subject) Claims(string set)
    {
        var claims = JObject.Parse(Base64UrlEncoder.Decode(set.Split('.')[1]));
        return ((string)claims["jti"]!, (string)claims["sub_id"]!["id"]!);
    }
}
