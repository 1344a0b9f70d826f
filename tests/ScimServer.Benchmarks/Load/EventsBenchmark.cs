using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static System.FormattableString;

namespace ScimServer.Benchmarks.Load;

/// <summary>
/// Provisioning events (issue 16) under load: POST /Users from 16 writers for a while with no event stream, then with
/// three push streams to a receiver on loopback that answers 202 at once. Prints the write rate and latency of both
/// runs and how many events per second each stream delivered (from the first write until its receiver had them all).
/// Then the same at a fixed rate well below the machine's capacity (<see cref="PacedRate"/> writes a second, an open
/// loop: each latency from the moment its write was due), with no stream and with the three streams drained: the
/// latency a stream adds to a write, apart from the CPU that delivering takes from saturated writers on two cores.
/// <c>ScimServer.Benchmarks.dll events --server ScimServer.dll --work DIR [--seconds 10] [--out FILE]</c>.
/// </summary>
internal static class EventsBenchmark
{
    private const int Writers = 16;
    private const int Streams = 3;

    /// <summary>Writes a second of the paced runs: a fifth or less of what 16 writers reach here.</summary>
    private const int PacedRate = 50;
    private const string Token = "events-bench-token";
    private const string AdminToken = "events-bench-admin";

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback ?? throw new ArgumentException($"{name} is required.");
        var work = Directory.CreateDirectory(Arg("--work")).FullName;
        var seconds = int.Parse(Arg("--seconds", "10"), CultureInfo.InvariantCulture);

        var counts = new int[Streams];
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = receiver.Build();
        app.MapPost("/events/{n:int}", (int n) =>
        {
            Interlocked.Increment(ref counts[n]);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        var receiverUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var server = await ManagedProcess.StartAsync(
            "server",
            Arg("--server"),
            LoadBenchmark.FreePort(),
            ["--Storage:SqlitePath", Path.Combine(work, "events.db"), "--Scim:BootstrapToken", Token, "--Scim:AdminToken", AdminToken, "--Events:PushInterval", "00:00:00.050"],
            "/health/ready",
            Path.Combine(work, "server.log"));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up (JIT, connection pool, SQLite cache), not reported: else the first run pays for it.
        await WriteAsync(http, "warm", TimeSpan.FromSeconds(3));
        var without = await WriteAsync(http, "none", TimeSpan.FromSeconds(seconds));
        var pacedWithout = await WritePacedAsync(http, "paced-none", TimeSpan.FromSeconds(seconds));

        for (var n = 0; n < Streams; n++)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/admin/tenants/default/event-streams")
            {
                Content = new StringContent(Invariant($$"""{ "delivery": "push", "endpoint": "{{receiverUrl}}/events/{{n}}" }"""), Encoding.UTF8, "application/json"),
            };
            create.Headers.Authorization = new("Bearer", AdminToken);
            using var created = await http.SendAsync(create);
            created.EnsureSuccessStatusCode();
        }

        var clock = Stopwatch.StartNew();
        var with = await WriteAsync(http, "three", TimeSpan.FromSeconds(seconds));

        // Delivery alone, once the writers stopped: the rate a stream catches up at, without the writes' load.
        var writesEnded = clock.Elapsed.TotalSeconds;
        var atWritesEnd = Enumerable.Range(0, Streams).Select(n => Volatile.Read(ref counts[n])).ToArray();
        var drained = new double[Streams];
        var deadline = TimeSpan.FromSeconds(seconds * 30);
        while (drained.Any(d => d == 0) && clock.Elapsed < deadline)
        {
            for (var n = 0; n < Streams; n++)
            {
                if (drained[n] == 0 && Volatile.Read(ref counts[n]) >= with.Count)
                {
                    drained[n] = clock.Elapsed.TotalSeconds;
                }
            }

            await Task.Delay(20);
        }

        // Paced, once every stream has caught up: each write's events are delivered beside the next writes.
        var pacedWith = drained.All(d => d > 0) ? await WritePacedAsync(http, "paced-three", TimeSpan.FromSeconds(seconds)) : null;

        var report = new StringBuilder()
            .AppendLine(Invariant($"# Provisioning events: {Writers} writers, POST /Users, {seconds} s per run (SQLite, loopback)"))
            .AppendLine()
            .AppendLine("| run | writes | writes/s | p50 ms | p99 ms |")
            .AppendLine("|---|---:|---:|---:|---:|")
            .AppendLine(without.Row("no event stream"))
            .AppendLine(with.Row($"{Streams} push streams"))
            .AppendLine(pacedWithout.Row(Invariant($"paced, {PacedRate} writes/s, no event stream")))
            .AppendLine(pacedWith?.Row(Invariant($"paced, {PacedRate} writes/s, {Streams} push streams (drained first)")) ?? "| paced with streams | not run: the streams did not drain | | | |")
            .AppendLine()
            .AppendLine("| stream | events delivered | seconds from the first write to the last event | events/s | events/s after the writes stopped |")
            .AppendLine("|---|---:|---:|---:|---:|");
        for (var n = 0; n < Streams; n++)
        {
            var catchUp = drained[n] > writesEnded && with.Count > atWritesEnd[n]
                ? Invariant($"{(with.Count - atWritesEnd[n]) / (drained[n] - writesEnded):F0} ({with.Count - atWritesEnd[n]} left at {writesEnded:F1} s)")
                : "— (none left)";
            report.AppendLine(drained[n] == 0
                ? Invariant($"| {n} | {counts[n]} of {with.Count} | not drained in {deadline.TotalSeconds} s | — | — |")
                : Invariant($"| {n} | {with.Count} | {drained[n]:F1} | {with.Count / drained[n]:F0} | {catchUp} |"));
        }

        Console.WriteLine(report);
        if (args.Contains("--out"))
        {
            await File.WriteAllTextAsync(Arg("--out"), report.ToString());
        }

        return drained.All(d => d > 0) ? 0 : 1;
    }

    private static async Task<Run> WriteAsync(HttpClient http, string label, TimeSpan duration)
    {
        var latencies = new List<double>[Writers];
        var end = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var mine = latencies[writer] = [];
            for (var i = 0; DateTime.UtcNow < end; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users")
                {
                    Content = new StringContent(
                        Invariant($$"""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{label}}.{{writer}}.{{i}}@bench.example" }"""),
                        Encoding.UTF8,
                        "application/scim+json"),
                };
                request.Headers.Authorization = new("Bearer", Token);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"POST /Users answered {(int)response.StatusCode}.");
                }

                mine.Add(watch.Elapsed.TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Run(all.Count, all.Count / duration.TotalSeconds, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }

    /// <summary>
    /// <see cref="PacedRate"/> writes a second for <paramref name="duration"/>, each sent when due whether or not the ones
    /// before have answered, its latency counted from when it was due (no coordinated omission).
    /// </summary>
    private static async Task<Run> WritePacedAsync(HttpClient http, string label, TimeSpan duration)
    {
        var count = (int)(PacedRate * duration.TotalSeconds);
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        var writes = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PacedRate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            writes[i] = Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users")
                {
                    Content = new StringContent(
                        Invariant($$"""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{label}}.{{index}}@bench.example" }"""),
                        Encoding.UTF8,
                        "application/scim+json"),
                };
                request.Headers.Authorization = new("Bearer", Token);
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"POST /Users answered {(int)response.StatusCode}.");
                }

                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            });
        }

        await Task.WhenAll(writes);
        Array.Sort(latencies);
        return new Run(count, count / clock.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)]);
    }

    private sealed record Run(int Count, double PerSecond, double P50, double P99)
    {
        public string Row(string name) => Invariant($"| {name} | {Count} | {PerSecond:F0} | {P50:F1} | {P99:F1} |");
    }
}
