namespace ScimServer.Benchmarks.Load;

/// <summary>
/// One throughput figure of the table, with the baseline measured just before its group. <see cref="AloneMs"/>: when
/// wrk completed fewer requests than it had connections, the median time of a few of the same requests sent one at a
/// time, so that a figure too slow for the run's duration still says how slow.
/// </summary>
internal sealed record RateFigure(string Group, string Name, WrkResult Result, WrkResult Baseline, int Connections, double? AloneMs = null)
{
    public double Share => Baseline.RequestsPerSecond > 0 ? Result.RequestsPerSecond / Baseline.RequestsPerSecond : 0;
}
