using System.Diagnostics;
using System.Globalization;

namespace ScimServer.Benchmarks.Load;

/// <summary>
/// Runs wrk (Debian's package) with <c>scim.lua</c> over a file of requests, on loopback only. Each run is bounded by
/// its duration; a request slower than the timeout is counted as a timeout, not waited for.
/// </summary>
internal sealed class WrkRunner(LoadOptions options, string script, string token)
{
    public const string Random = "random";
    public const string Sequential = "sequential";
    public const string Unique = "unique";

    private const int TimeoutSeconds = 30;

    public async Task<WrkResult> RunAsync(string baseUrl, string requestsFile, string mode, int connections, int seconds)
    {
        var threads = Math.Min(options.Threads, connections);
        var info = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", $"{TimeoutSeconds}s",
            "-s", script, baseUrl, "--", requestsFile, token, mode,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("WRKRESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {text} {await error}");
        var n = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();

        // requests, duration (µs), p50 (µs), p99 (µs), connect, read, write, status (> 399), timeout, max (µs)
        return new WrkResult(
            Requests: n[0],
            Seconds: n[1] / 1e6,
            P50Ms: n[2] / 1000.0,
            P99Ms: n[3] / 1000.0,
            MaxMs: n[9] / 1000.0,
            Non2xx: n[7],
            SocketErrors: n[4] + n[5] + n[6],
            Timeouts: n[8]);
    }
}
