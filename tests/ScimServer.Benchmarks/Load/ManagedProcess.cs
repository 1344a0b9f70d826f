using System.Diagnostics;
using System.Globalization;

namespace ScimServer.Benchmarks.Load;

/// <summary>
/// A <c>dotnet</c> process this benchmark started (the server or the baseline), listening on loopback. Disposing it
/// ends that process, by its own handle, never by name.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string name;

    private ManagedProcess(Process process, string name, string baseUrl)
    {
        this.process = process;
        this.name = name;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Id => process.Id;

    /// <summary>Starts <c>dotnet dll args</c> with server GC and waits until <paramref name="readyPath"/> answers 2xx.</summary>
    public static async Task<ManagedProcess> StartAsync(string name, string dll, int port, IEnumerable<string> args, string readyPath, string logFile)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseUrl);

        // Both processes run as the web SDK runs the server: server GC, production environment.
        info.Environment["DOTNET_gcServer"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = new ManagedProcess(process, name, baseUrl);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}; see {logFile}.");
            }

            try
            {
                using var response = await client.GetAsync(baseUrl + readyPath);
                if (response.IsSuccessStatusCode)
                {
                    return started;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        await started.DisposeAsync();
        throw new TimeoutException($"{name} did not become ready within 60 s; see {logFile}.");
    }

    /// <summary>The resident set (VmRSS) and its peak so far (VmHWM), in MiB, from /proc.</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return (rss, peak);
    }

    /// <summary>
    /// Waits until the process uses less than a tenth of a core over half a second (at most 60 s): requests wrk gave up
    /// on at the end of a run still run in the server, and must not be counted against the next figure.
    /// </summary>
    public Task WaitUntilIdleAsync() => WaitUntilIdleAsync(TimeSpan.FromSeconds(60), TimeSpan.Zero);

    /// <summary>
    /// Waits until the process has used less than a tenth of a core in every half second for <paramref name="quietFor"/>
    /// (one half second when zero), at most <paramref name="limit"/>.
    /// </summary>
    /// <returns>How long it waited, and whether the process was idle by then.</returns>
    public async Task<(TimeSpan Waited, bool Idle)> WaitUntilIdleAsync(TimeSpan limit, TimeSpan quietFor)
    {
        var sample = TimeSpan.FromMilliseconds(500);
        var started = Stopwatch.GetTimestamp();
        var quietSince = started;
        var before = CpuTicks();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            await Task.Delay(sample);
            var now = CpuTicks();
            if (now - before >= 5)
            {
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) >= quietFor)
            {
                return (Stopwatch.GetElapsedTime(started), true);
            }

            before = now;
        }

        return (Stopwatch.GetElapsedTime(started), false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public override string ToString() => $"{name} (pid {process.Id}) at {BaseUrl}";

    /// <summary>utime + stime of the process in clock ticks (1/100 s), from /proc/PID/stat.</summary>
    private long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.Integer, CultureInfo.InvariantCulture);
}
