namespace ScimServer.Conformance.Running;

public enum Verdict
{
    Passed,
    Failed,
    Skipped,
}
