namespace ScimServer.Conformance.Running;

/// <summary>One check against the server, with the document it comes from.</summary>
internal sealed record Scenario
{
    /// <summary>A stable id such as <c>entra.user.create</c>.</summary>
    public required string Id { get; init; }

    public required Suite Suite { get; init; }

    public required string Title { get; init; }

    /// <summary>The document and section that require the behaviour (and say so where the request shape comes from).</summary>
    public required string Source { get; init; }

    /// <summary>Features the server must announce; when one is announced as unsupported, the scenario is skipped.</summary>
    public IReadOnlyList<Feature> Requires { get; init; } = [];

    public required Func<ScenarioContext, Task> Run { get; init; }
}
