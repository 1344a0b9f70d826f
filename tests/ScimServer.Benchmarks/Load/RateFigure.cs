namespace ScimServer.Benchmarks.Load;

/// <summary>One throughput figure of the table, with the baseline measured just before its group.</summary>
internal sealed record RateFigure(string Group, string Name, WrkResult Result, WrkResult Baseline, int Connections)
{
    public double Share => Baseline.RequestsPerSecond > 0 ? Result.RequestsPerSecond / Baseline.RequestsPerSecond : 0;
}
