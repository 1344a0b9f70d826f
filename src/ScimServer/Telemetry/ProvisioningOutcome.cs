namespace ScimServer.Telemetry;

/// <summary>The values of the <c>scim.outcome</c> tag of <c>scim.provisioning.outcomes</c>.</summary>
internal static class ProvisioningOutcome
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deactivated = "deactivated";
    public const string Deleted = "deleted";
}
