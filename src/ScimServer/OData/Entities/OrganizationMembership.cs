namespace ScimServer.OData.Entities;

/// <summary>A row of <c>OrganizationMemberships</c>: one user in one organization (EDM shape only).</summary>
internal sealed class OrganizationMembership
{
    public string UserId { get; set; } = "";
    public string Organization { get; set; } = "";
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public bool Active { get; set; }

    /// <summary>Whether this is the user's primary organization (where the user lands at first sign-in).</summary>
    public bool Primary { get; set; }

    public DateTimeOffset LastModified { get; set; }
}
