namespace ScimServer.Conformance.Running;

/// <summary>Thrown by a scenario that finds, while running, that the server does not offer what it needs.</summary>
internal sealed class ScenarioSkipped(string reason) : Exception(reason);
