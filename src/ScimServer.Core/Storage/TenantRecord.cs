namespace ScimServer.Core.Storage;

/// <summary>An isolated customer workspace.</summary>
public sealed record TenantRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
}
