using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Long polling (RFC 8936 §2.4) woken by the write itself: the periodic check and the poll's wait are set to ten
/// minutes here, so a poll that answers with the event within the test's minute was woken by the commit.
/// </summary>
public sealed class EventLongPollTests : IDisposable
{
    // Not a latency bound: far below the ten minutes the poll would wait without the wake, far above any machine's load.
    private static readonly TimeSpan Woken = TimeSpan.FromSeconds(60);

    private readonly ScimServerFactory _factory = new();
    private readonly AdminClient _admin;

    public EventLongPollTests()
    {
        _factory.Settings["Events:PollCheckInterval"] = "00:10:00";
        _factory.Settings["Events:PollWait"] = "00:10:00";
        _admin = new AdminClient(_factory.CreateClient());
    }

    [Fact]
    public async Task A_waiting_poll_is_woken_by_a_write_of_its_tenant_and_returns_its_event()
    {
        var tenant = $"evwake{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant);
        var waiting = receiver.PollRawAsync(new JObject { ["maxEvents"] = 10 });
        await Task.Delay(500);
        waiting.IsCompleted.Should().BeFalse("nothing happened yet, so the poll waits");

        var user = await client.CreateUserAsync("woken@example.com");
        var answered = await waiting.WaitAsync(Woken);

        var events = await receiver.VerifyAsync((JObject)answered.Body!["sets"]!);
        events.Should().ContainSingle().Which["sub_id"]!["id"]!.ToString().Should().Be(user.Id);
    }

    [Fact]
    public async Task A_write_of_another_tenant_does_not_answer_a_waiting_poll_with_its_event()
    {
        var tenant = $"evmine{Guid.NewGuid():N}"[..20];
        var other = $"evother{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var otherClient = await _admin.CreateTenantWithTokenAsync(other);
        var receiver = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant);
        var waiting = receiver.PollRawAsync(new JObject { ["maxEvents"] = 10 });
        await Task.Delay(500);

        await otherClient.CreateUserAsync("elsewhere@example.com");
        await Task.Delay(500);
        waiting.IsCompleted.Should().BeFalse("the other tenant's change is no event of this stream");

        var user = await client.CreateUserAsync("mine@example.com");
        var answered = await waiting.WaitAsync(Woken);

        var events = await receiver.VerifyAsync((JObject)answered.Body!["sets"]!);
        events.Should().ContainSingle().Which["sub_id"]!["id"]!.ToString().Should().Be(user.Id);
    }

    public void Dispose() => _factory.Dispose();
}
