namespace ScimServer.OData.Entities;

/// <summary>A row of <c>Users</c>: a user with the product's access (EDM shape only; rows are written from the store).</summary>
internal sealed class AccessUser
{
    public string Id { get; set; } = "";
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Email { get; set; }
    public string? ExternalId { get; set; }
    public bool Active { get; set; }
    public IList<string> Roles { get; set; } = [];
    public IList<string> Organizations { get; set; } = [];
    public string? PrimaryOrganization { get; set; }
    public bool ServiceAccount { get; set; }
    public string? HomeTenant { get; set; }
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset LastModified { get; set; }
}
