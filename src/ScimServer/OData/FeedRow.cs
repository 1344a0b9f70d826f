using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// One row of an entity set: the stored resource it comes from and, for the derived sets, the one role or organization
/// of that resource the row stands for (<see cref="Item"/>).
/// </summary>
internal sealed record FeedRow(StoredResource Resource, string? Item, TenantRecord Tenant);
