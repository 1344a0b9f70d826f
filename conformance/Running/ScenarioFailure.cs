using ScimServer.Conformance.Http;

namespace ScimServer.Conformance.Running;

/// <summary>A scenario's expectation that the server did not meet, with the exchange that showed it.</summary>
internal sealed class ScenarioFailure(string expected, Exchange? exchange) : Exception(expected)
{
    public string Expected { get; } = expected;

    public Exchange? Exchange { get; } = exchange;
}
