namespace ScimServer.Benchmarks.Load;

/// <summary>One wrk run: requests completed, their rate, latency percentiles (ms) and what failed.</summary>
internal sealed record WrkResult(long Requests, double Seconds, double P50Ms, double P99Ms, double MaxMs, long Non2xx, long SocketErrors, long Timeouts)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}
