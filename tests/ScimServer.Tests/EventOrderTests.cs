using System.Globalization;
using System.Net;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Order under load: many writers at once, a poll stream and a push stream; each stream tells every change, in the
/// audit log's order (the outbox's), and none is missing.
/// </summary>
public sealed class EventOrderTests : IDisposable
{
    private const int Writers = 16;
    private const int WritesPerWriter = 8;
    private readonly ScimServerFactory _factory = new();
    private readonly AdminClient _admin;

    public EventOrderTests()
    {
        _factory.Settings["Events:PushRetryDelay"] = "00:00:00.050";
        _factory.Settings["Events:PushMaxRetryDelay"] = "00:00:00.300";
        _factory.Settings["Events:PushInterval"] = "00:00:00.050";
        _admin = new AdminClient(_factory.CreateClient());
    }

    [Fact]
    public async Task Sixteen_concurrent_writers_make_every_event_in_audit_order_on_a_poll_and_a_push_stream()
    {
        await using var pushReceiver = await PushReceiver.StartAsync();
        var tenant = $"order{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var poll = await EventReceiver.PollStreamAsync(_factory.CreateClient(), _admin, tenant);
        (await _admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject { ["delivery"] = "push", ["endpoint"] = pushReceiver.Url }))
            .ShouldBe(HttpStatusCode.Created);

        // Each writer creates its users and patches them and the other writers' users while they are being written.
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        var polled = new List<JObject>();
        using var writing = new CancellationTokenSource();
        var polling = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                var taken = await poll.TakeAsync(50);
                polled.AddRange(taken);
                if (taken.Count == 0)
                {
                    await Task.Delay(20);
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < WritesPerWriter; i++)
            {
                var user = await client.CreateUserAsync($"w{writer}.{i}@example.com");
                user.ShouldBe(HttpStatusCode.Created);
                created.Add(user.Id);
                var someone = created.ElementAt(Random.Shared.Next(created.Count));
                (await client.PatchAsync($"/Users/{someone}", Groups.Patch(Groups.Operation("replace", "title", $"t{writer}.{i}"))))
                    .ShouldBe(HttpStatusCode.OK);
            }
        })));
        await writing.CancelAsync();
        await polling;

        var audit = await AuditSequencesAsync(tenant);
        audit.Should().HaveCount(Writers * WritesPerWriter * 2);
        await pushReceiver.WaitForAsync(audit.Count, TimeSpan.FromSeconds(60));
        for (var deadline = DateTime.UtcNow.AddSeconds(30); polled.Count < audit.Count && DateTime.UtcNow < deadline;)
        {
            polled.AddRange(await poll.TakeAsync(100));
        }

        TransactionsOf(polled).Should().Equal(audit, "the poll stream tells each change once, in the audit order");
        var pushed = await poll.VerifyAsync(new JObject(pushReceiver.Sets.Select(Claims).Select(c => new JProperty((string)c.Jti, c.Set))));
        pushed.Should().HaveCount(audit.Count);

        // At least once: a resend repeats a jti (dropped by it), yet what arrives first is always in order.
        var arrival = pushReceiver.Sets.Select(Claims).DistinctBy(c => c.Jti).Select(c => c.Txn).ToList();
        arrival.Should().Equal(audit, "the push stream delivers each change in the audit order");
    }

    public void Dispose() => _factory.Dispose();

    private static (string Jti, long Txn, string Set) Claims(string set)
    {
        var claims = JObject.Parse(Base64UrlEncoder.Decode(set.Split('.')[1]));
        return ((string)claims["jti"]!, SequenceOf(claims), set);
    }

    private static List<long> TransactionsOf(IEnumerable<JObject> events) => events.Select(SequenceOf).ToList();

    /// <summary>The audit sequence a SET tells: its <c>txn</c> is <c>{tenant}:{sequence}</c>.</summary>
    private static long SequenceOf(JObject claims) =>
        long.Parse(((string)claims["txn"]!).Split(':')[^1], CultureInfo.InvariantCulture);

    /// <summary>The tenant's user changes in the audit log, in its order.</summary>
    private async Task<List<long>> AuditSequencesAsync(string tenant)
    {
        var sequences = new List<long>();
        var after = "0";
        while (true)
        {
            var page = await _admin.GetAsync($"/admin/tenants/{tenant}/audit?count=1000&after={after}");
            page.ShouldBe(HttpStatusCode.OK);
            sequences.AddRange(page.Body!["entries"]!.Where(e => (string?)e["resourceType"] == "User").Select(e => (long)e["sequence"]!));
            if (page.Body["next"] is not { } next)
            {
                return sequences;
            }

            after = (string)next!;
        }
    }
}
