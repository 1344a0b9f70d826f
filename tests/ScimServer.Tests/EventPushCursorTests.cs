using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// A push stream's cursor is saved at most every <c>Events:PushCursorInterval</c>, not once per SET (a write
/// transaction per stream beside every write of the tenant), and still on time: when the stream goes idle, and when it
/// stops.
/// </summary>
public sealed class EventPushCursorTests
{
    [Fact]
    public async Task A_stream_that_keeps_up_does_not_save_its_cursor_per_event_and_saves_it_when_it_stops()
    {
        using var factory = Factory(cursorInterval: "00:10:00");
        var admin = new AdminClient(factory.CreateClient());
        await using var receiver = await PushReceiver.StartAsync();
        var (client, path) = await TenantWithPushStreamAsync(admin, receiver);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateUserAsync($"cursor{i}@example.com");
        }

        await receiver.WaitForAsync(3, TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        ((long?)(await admin.GetAsync(path + "/status")).Body!["lag"]!["entries"]).Should().Be(3, "the interval has not passed since delivery started");

        (await admin.PatchAsync(path, new JObject { ["paused"] = true })).ShouldBe(HttpStatusCode.OK);
        await WaitForLagAsync(admin, path, 0);

        (await admin.PatchAsync(path, new JObject { ["paused"] = false })).ShouldBe(HttpStatusCode.OK);
        await client.CreateUserAsync("after@example.com");
        await receiver.WaitForAsync(4, TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        receiver.Sets.Should().HaveCount(4, "what was delivered before the pause was saved when the stream stopped, so it is not pushed again");
    }

    [Fact]
    public async Task An_idle_stream_saves_its_cursor_once_the_interval_has_passed()
    {
        using var factory = Factory(cursorInterval: "00:00:00.300");
        var admin = new AdminClient(factory.CreateClient());
        await using var receiver = await PushReceiver.StartAsync();
        var (client, path) = await TenantWithPushStreamAsync(admin, receiver);
        await Task.Delay(400);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateUserAsync($"idle{i}@example.com");
        }

        await receiver.WaitForAsync(3, TimeSpan.FromSeconds(20));

        await WaitForLagAsync(admin, path, 0);
        ((string?)(await admin.GetAsync(path + "/status")).Body!["lastDelivered"]).Should().NotBeNull();
    }

    private static ScimServerFactory Factory(string cursorInterval)
    {
        var factory = new ScimServerFactory();
        factory.Settings["Events:PushInterval"] = "00:00:00.050";
        factory.Settings["Events:PushCursorInterval"] = cursorInterval;
        return factory;
    }

    private static async Task WaitForLagAsync(AdminClient admin, string path, long expected)
    {
        long? lag = null;
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            lag = (long?)(await admin.GetAsync(path + "/status")).Body!["lag"]!["entries"];
            if (lag == expected)
            {
                return;
            }
        }

        lag.Should().Be(expected);
    }

    private static async Task<(ScimClient Client, string Path)> TenantWithPushStreamAsync(AdminClient admin, PushReceiver receiver)
    {
        var tenant = $"cur{Guid.NewGuid():N}"[..20];
        var client = await admin.CreateTenantWithTokenAsync(tenant);
        var stream = await admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
        });
        stream.ShouldBe(HttpStatusCode.Created);
        return (client, $"/admin/tenants/{tenant}/event-streams/{stream.Id}");
    }
}
