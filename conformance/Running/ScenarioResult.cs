namespace ScimServer.Conformance.Running;

/// <summary>One scenario's verdict; for a failure, the request, what was expected and what came back.</summary>
public sealed record ScenarioResult
{
    public required string Id { get; init; }

    public required Suite Suite { get; init; }

    public required string Title { get; init; }

    public required string Source { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>Why it was skipped, or the failed expectation.</summary>
    public string? Reason { get; init; }

    public string? Request { get; init; }

    public string? Expected { get; init; }

    public string? Actual { get; init; }

    /// <summary>Anything worth knowing that is not a failure, e.g. a resource the clean-up could not delete.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public TimeSpan Duration { get; init; }
}
