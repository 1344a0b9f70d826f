namespace ScimServer.OData.Entities;

/// <summary>A row of <c>Groups</c> (EDM shape only).</summary>
internal sealed class AccessGroup
{
    public string Id { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? ExternalId { get; set; }
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset LastModified { get; set; }
}
