using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Testing;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The real server killed with SIGKILL while it pushes to a slow receiver, then started again on the same data file:
/// every write the server acknowledged reaches the receiver (resends allowed, gaps never).
/// </summary>
public sealed class EventCrashTests : IDisposable
{
    private const string TenantToken = "crash-tenant-token";
    private const string AdminToken = "crash-admin-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("scim-crash-").FullName;

    [Fact]
    public async Task A_server_killed_during_push_delivery_sends_every_acknowledged_write_after_restart_without_gaps()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.AcknowledgeAfter = TimeSpan.FromMilliseconds(60);
        var acknowledged = new ConcurrentBag<string>();

        await using (var first = await StartAsync())
        {
            var admin = new AdminClient(new HttpClient { BaseAddress = new Uri(first.BaseUrl) }, AdminToken);
            (await admin.PostAsync("/admin/tenants/default/event-streams", new JObject { ["delivery"] = "push", ["endpoint"] = receiver.Url }))
                .ShouldBe(HttpStatusCode.Created);

            using var killed = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => WriteUntilAsync(first.Client(TenantToken), $"k{w}", acknowledged, killed.Token)).ToList();

            // Kill while SETs are in flight to the receiver and writes are still coming.
            await receiver.WaitForAsync(10, TimeSpan.FromSeconds(60));
            receiver.Sets.Count.Should().BeGreaterThanOrEqualTo(10, "the server pushed before it was killed");
            await first.KillAsync();
            await killed.CancelAsync();
            await Task.WhenAll(writers);
        }

        var beforeRestart = receiver.Sets.Count;
        acknowledged.Count.Should().BeGreaterThan(beforeRestart, "a backlog was left when the server died");

        await using (var second = await StartAsync())
        {
            var client = second.Client(TenantToken);
            var after = await client.CreateUserAsync("after-restart@example.com");
            after.ShouldBe(HttpStatusCode.Created);
            acknowledged.Add(after.Id);

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!acknowledged.All(ReceivedIds().Contains) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        ReceivedIds().Should().Contain(acknowledged, "every acknowledged write's event reaches the receiver");

        // Resends repeat a jti; the first arrival of each is in the log's order, with nothing skipped between.
        var firstArrivals = receiver.Sets.Select(Claims).DistinctBy(c => c.Jti).Select(c => c.Sequence).ToList();
        firstArrivals.Should().BeInAscendingOrder();
        receiver.Sets.Count.Should().BeGreaterThanOrEqualTo(firstArrivals.Count);

        HashSet<string> ReceivedIds() => receiver.Sets.Select(s => Claims(s).Subject).ToHashSet();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the OS to clean.
        }
    }

    /// <summary>Creates users until the server dies (or is told to stop); keeps the ids of those it answered 201.</summary>
    private static async Task WriteUntilAsync(ScimClient client, string prefix, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var user = await client.PostAsync("/Users", Users.Minimal($"{prefix}.{i}@example.com"));
                if (user.Status == HttpStatusCode.Created)
                {
                    acknowledged.Add(user.Id);
                }
            }
            catch (HttpRequestException)
            {
                return;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    private Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(_directory, new Dictionary<string, string>
    {
        ["Scim__BootstrapToken"] = TenantToken,
        ["Scim__AdminToken"] = AdminToken,
        ["Storage__SqlitePath"] = Path.Combine(_directory, "scim.db"),
        ["Events__PushInterval"] = "00:00:00.050",
        ["Events__PushRetryDelay"] = "00:00:00.050",
        ["Events__PushMaxRetryDelay"] = "00:00:00.300",

        // The dead process's lease must run out before the new one may push the stream.
        ["Events__LeaseDuration"] = "00:00:02",
    });

    private static (string Jti, long Sequence, string Subject) Claims(string set)
    {
        var claims = JObject.Parse(Base64UrlEncoder.Decode(set.Split('.')[1]));
        var txn = (string)claims["txn"]!;
        return ((string)claims["jti"]!, long.Parse(txn[(txn.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), (string)claims["sub_id"]!["id"]!);
    }
}
