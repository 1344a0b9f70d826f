namespace ScimServer.OData.Entities;

/// <summary>A row of <c>RoleAssignments</c>: one user holding one role (EDM shape only).</summary>
internal sealed class RoleAssignment
{
    public string UserId { get; set; } = "";
    public string Role { get; set; } = "";
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public bool Active { get; set; }

    /// <summary>Whether the tenant's role catalog lets this role hold a service account (TenantAdmin, Administrator).</summary>
    public bool ServiceAccountEligible { get; set; }

    public DateTimeOffset LastModified { get; set; }
}
