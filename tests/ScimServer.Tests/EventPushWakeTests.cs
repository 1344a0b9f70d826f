using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Push delivery is woken by what happens on this instance — a stream created, a write of its tenant committed — not
/// by its periodic look (here 30 s away, as if set for other instances' writes only).
/// </summary>
public sealed class EventPushWakeTests : IDisposable
{
    private static readonly TimeSpan WellBeforeTheLook = TimeSpan.FromSeconds(10);

    private readonly ScimServerFactory _factory = new();
    private readonly AdminClient _admin;

    public EventPushWakeTests()
    {
        _factory.Settings["Events:PushInterval"] = "00:00:30";
        _admin = new AdminClient(_factory.CreateClient());
    }

    [Fact]
    public async Task A_new_stream_and_each_later_write_are_pushed_at_once_not_on_the_next_periodic_look()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var tenant = $"wake{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var stream = await _admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
        });
        stream.ShouldBe(HttpStatusCode.Created);

        await client.CreateUserAsync("wake0@example.com");
        await receiver.WaitForAsync(1, WellBeforeTheLook);
        receiver.Sets.Should().HaveCount(1, "creating the stream starts its delivery at once, and the write wakes it");

        for (var i = 1; i <= 3; i++)
        {
            // Long enough for the stream to have found nothing more and gone idle: only the write can wake it now.
            await Task.Delay(500);
            await client.CreateUserAsync($"wake{i}@example.com");
            await receiver.WaitForAsync(i + 1, WellBeforeTheLook);
            receiver.Sets.Should().HaveCount(i + 1, "the write's commit wakes its tenant's idle push stream");
        }
    }

    [Fact]
    public async Task A_resumed_stream_pushes_what_was_written_while_it_was_paused_at_once()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var tenant = $"resume{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var stream = await _admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
        });
        stream.ShouldBe(HttpStatusCode.Created);
        (await _admin.PatchAsync($"/admin/tenants/{tenant}/event-streams/{stream.Id}", new JObject { ["paused"] = true })).ShouldBe(HttpStatusCode.OK);

        // The write wakes the paused stream's delivery, which sees the pause and stops.
        await client.CreateUserAsync("paused@example.com");
        await Task.Delay(500);
        receiver.Sets.Should().BeEmpty();

        (await _admin.PatchAsync($"/admin/tenants/{tenant}/event-streams/{stream.Id}", new JObject { ["paused"] = false })).ShouldBe(HttpStatusCode.OK);
        await receiver.WaitForAsync(1, WellBeforeTheLook);
        receiver.Sets.Should().HaveCount(1, "resuming the stream starts its delivery at once");
    }

    public void Dispose() => _factory.Dispose();
}
