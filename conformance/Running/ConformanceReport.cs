namespace ScimServer.Conformance.Running;

/// <summary>The results of one run against one server.</summary>
public sealed record ConformanceReport
{
    public required Uri BaseUrl { get; init; }

    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required IReadOnlyList<ScenarioResult> Results { get; init; }

    public int Passed => Results.Count(r => r.Verdict == Verdict.Passed);

    public int Failed => Results.Count(r => r.Verdict == Verdict.Failed);

    public int Skipped => Results.Count(r => r.Verdict == Verdict.Skipped);
}
