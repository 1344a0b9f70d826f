using ScimServer.Conformance.Running;

namespace ScimServer.Conformance.Scenarios;

/// <summary>Every scenario, in the order they run and are reported.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
        [.. EntraScenarios.All, .. OktaScenarios.All, .. RfcScenarios.All];
}
