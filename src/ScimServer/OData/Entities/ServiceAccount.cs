namespace ScimServer.OData.Entities;

/// <summary>A row of <c>ServiceAccounts</c>: a user enabled as a cross-tenant service account (EDM shape only).</summary>
internal sealed class ServiceAccount
{
    public string Id { get; set; } = "";
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public bool Active { get; set; }
    public string? HomeTenant { get; set; }
    public IList<string> Roles { get; set; } = [];
    public DateTimeOffset LastModified { get; set; }
}
