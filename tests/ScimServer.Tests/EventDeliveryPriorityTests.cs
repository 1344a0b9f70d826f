using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Events;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Push delivery runs on threads that yield the CPU to requests (a nice value on Linux), and stays there across its
/// awaits, so that delivering one write's SETs does not take the cores from the next writes.
/// </summary>
public sealed class EventDeliveryPriorityTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();

    [SkippableFact]
    public async Task Work_started_on_the_delivery_scheduler_runs_at_its_nice_value_before_and_after_each_await()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "nice values are Linux's");
        using var scheduler = new DeliveryScheduler(threads: 2, nice: 7);
        var seen = new List<int>();

        var running = scheduler.Run(async () =>
        {
            seen.Add(CurrentThreadNice());
            await Task.Delay(20);
            seen.Add(CurrentThreadNice());
            await Task.Yield();
            seen.Add(CurrentThreadNice());
            await Task.Run(() => Thread.Sleep(5));
            seen.Add(CurrentThreadNice());
        });
        CurrentThreadNice().Should().Be(NiceOf(File.ReadAllText("/proc/self/stat")), "only the scheduler's own threads are made nicer, not the caller's");
        await running;

        scheduler.NiceFailed.Should().BeFalse();
        seen.Should().Equal(7, 7, 7, 7);
    }

    [SkippableFact]
    public async Task A_server_pushes_its_streams_from_threads_at_the_configured_nice_value()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "nice values are Linux's");
        var admin = new AdminClient(_factory.CreateClient());
        await using var receiver = await PushReceiver.StartAsync();
        var tenant = $"nice{Guid.NewGuid():N}"[..20];
        var client = await admin.CreateTenantWithTokenAsync(tenant);
        (await admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
        })).ShouldBe(HttpStatusCode.Created);

        await client.CreateUserAsync("nice@example.com");
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));

        // Linux keeps 15 characters of a thread's name.
        var delivery = DeliveryThreadNices();
        delivery.Should().NotBeEmpty("the server started its delivery threads").And.OnlyContain(nice => nice == 10, "Events:DeliveryNice is 10 by default");
    }

    public void Dispose() => _factory.Dispose();

    private static int CurrentThreadNice() => NiceOf(File.ReadAllText("/proc/thread-self/stat"));

    private static List<int> DeliveryThreadNices() =>
        Directory.EnumerateDirectories("/proc/self/task")
            .Where(task => File.Exists(Path.Combine(task, "comm")) && File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == ".NET SCIM deliv")
            .Select(task => NiceOf(File.ReadAllText(Path.Combine(task, "stat"))))
            .ToList();

    /// <summary>Field 19 of proc(5)'s stat; the fields after the command name (which may hold spaces) start at field 3.</summary>
    private static int NiceOf(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
}
