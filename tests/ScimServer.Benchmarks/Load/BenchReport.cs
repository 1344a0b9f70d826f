using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ScimServer.Benchmarks.Load;

/// <summary>The Markdown result: the machine, the run, every figure as a share of the baseline, the timed walks and memory.</summary>
internal sealed class BenchReport(LoadOptions options, string store)
{
    private readonly List<RateFigure> rates = [];
    private readonly List<(string Name, string Value, string Note)> timings = [];
    private readonly List<(string Name, string Value)> memory = [];
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly string loadAverage = ReadFirst("/proc/loadavg");

    public void Add(RateFigure figure)
    {
        rates.Add(figure);
        var r = figure.Result;
        Console.WriteLine(Invariant($"  {figure.Name,-62} {r.RequestsPerSecond,9:F0} req/s {figure.Share,7:P1} p50 {r.P50Ms,8:F2} ms p99 {r.P99Ms,8:F2} ms non-2xx {r.Non2xx}{Failures(r)}{(figure.AloneMs is { } alone ? $" alone {alone:F0} ms" : "")}"));
    }

    public void AddTiming(string name, string value, string note = "")
    {
        timings.Add((name, value, note));
        Console.WriteLine($"  {name}: {value} {note}");
    }

    public void AddMemory(string name, double mebibytes)
    {
        var value = Invariant($"{mebibytes:F0} MiB");
        memory.Add((name, value));
        Console.WriteLine($"  {name}: {value}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# ScimServer load benchmark: {options.Users:N0} users{(options.Quick ? " (quick)" : "")}"));
        text.AppendLine();
        text.AppendLine(Invariant($"- Date: {started:yyyy-MM-dd HH:mm} UTC; commit `{Git("rev-parse --short HEAD")}`{(Git("status --porcelain").Length > 0 ? " (with uncommitted changes)" : "")}"));
        text.AppendLine(Invariant($"- Machine: {CpuModel()}, {Environment.ProcessorCount} cores, {MemoryTotal()}, {ReadOsName()}, {RuntimeInformation.FrameworkDescription}; load average at start {loadAverage}"));
        text.AppendLine(Invariant($"- Load generator: wrk ({options.Threads} threads, {options.Connections} connections, {options.WarmupSeconds} s warm-up then {options.DurationSeconds} s per figure, loopback); server: published Release build, {store}"));
        text.AppendLine("- A figure with fewer completed requests than connections also gives the median time of 3 of its requests sent one at a time ('one request alone'), with the server otherwise idle.");
        text.AppendLine("- Share = the figure's req/s ÷ the req/s of the bare Kestrel baseline (a minimal endpoint writing a fixed 400-byte user JSON) measured just before the figure's group, same connections and duration.");
        text.AppendLine();
        text.AppendLine("| figure | req/s | share of baseline | p50 ms | p99 ms | non-2xx | requests | one request alone, ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        string? group = null;
        foreach (var figure in rates)
        {
            if (figure.Group != group)
            {
                group = figure.Group;
                var b = figure.Baseline;
                text.AppendLine(Invariant($"| **{group}** — baseline (bare Kestrel) | {b.RequestsPerSecond:F0} | 100% | {b.P50Ms:F2} | {b.P99Ms:F2} | {b.Non2xx} | {b.Requests} | |"));
            }

            var r = figure.Result;
            text.AppendLine(Invariant($"| {figure.Name} | {r.RequestsPerSecond:F0} | {figure.Share:P1} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Non2xx}{Failures(r)} | {r.Requests} | {(figure.AloneMs is { } alone ? alone.ToString("F0", CultureInfo.InvariantCulture) : "")} |"));
        }

        text.AppendLine();
        text.AppendLine("| timed | value | note |");
        text.AppendLine("|---|---:|---|");
        foreach (var (name, value, note) in timings)
        {
            text.AppendLine($"| {name} | {value} | {note} |");
        }

        text.AppendLine();
        text.AppendLine("| server memory (resident set, /proc VmRSS) | value |");
        text.AppendLine("|---|---:|");
        foreach (var (name, value) in memory)
        {
            text.AppendLine($"| {name} | {value} |");
        }

        return text.ToString();
    }

    private static string Failures(WrkResult r) =>
        (r.Timeouts > 0 ? Invariant($" (+{r.Timeouts} timeouts)") : "") + (r.SocketErrors > 0 ? Invariant($" (+{r.SocketErrors} socket errors)") : "");

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";

    private static string MemoryTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault() : null;
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? "?" : Invariant($"{long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F0} GiB");
    }

    private static string ReadOsName()
    {
        var line = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.OSDescription : line["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string ReadFirst(string path) => File.Exists(path) ? File.ReadAllText(path).Split(' ').Take(3).Aggregate((a, b) => a + " " + b) : "?";

    private static string Git(string arguments)
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in arguments.Split(' '))
            {
                info.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
