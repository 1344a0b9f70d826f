using Newtonsoft.Json.Linq;
using ScimServer.Core.Storage;

namespace ScimServer.Telemetry;

/// <summary>
/// The resource store port with a span and a latency sample per call, and the provisioning outcomes of successful
/// writes counted. A decorator, so that every store (SQLite, MongoDB) is measured the same way without knowing it.
/// </summary>
internal sealed class InstrumentedResourceStore(IResourceStore inner, ScimMetrics metrics) : IResourceStore
{
    // RFC 7643 §4.1.1: a user's "active"; absent means active (the product's reading, as the admin API's).
    private const string ActiveAttribute = "active";

    public async Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(GetAsync), tenant, resourceType);
        return await inner.GetAsync(tenant, resourceType, id, cancellationToken);
    }

    public async Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        StoreOutcome outcome;
        using (StoreCall.Start(metrics, nameof(CreateAsync), resource.Tenant, resource.ResourceType))
        {
            outcome = await inner.CreateAsync(resource, members, audit, cancellationToken);
        }

        if (outcome == StoreOutcome.Ok)
        {
            metrics.Provisioned(resource.Tenant, resource.ResourceType, ProvisioningOutcome.Created);
        }

        return outcome;
    }

    public async Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoreOutcome> outcomes;
        var first = items.Count > 0 ? items[0].Resource : null;
        using (StoreCall.Start(metrics, nameof(CreateManyAsync), first?.Tenant, first?.ResourceType))
        {
            outcomes = await inner.CreateManyAsync(items, cancellationToken);
        }

        for (var i = 0; i < outcomes.Count && i < items.Count; i++)
        {
            if (outcomes[i] == StoreOutcome.Ok)
            {
                metrics.Provisioned(items[i].Resource.Tenant, items[i].Resource.ResourceType, ProvisioningOutcome.Created);
            }
        }

        return outcomes;
    }

    public async Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        // Deactivation needs the stored state: read it only when the new document is inactive (rare next to other
        // writes). A successful replace proves the stored version was expectedVersion, so a read that found that
        // version saw exactly the document that was replaced.
        var wasActive = false;
        if (!IsActive(resource))
        {
            var before = await GetAsync(resource.Tenant, resource.ResourceType, resource.Id, cancellationToken);
            wasActive = before is not null && before.Version == expectedVersion && IsActive(before);
        }

        StoreOutcome outcome;
        using (StoreCall.Start(metrics, nameof(ReplaceAsync), resource.Tenant, resource.ResourceType))
        {
            outcome = await inner.ReplaceAsync(resource, expectedVersion, audit, cancellationToken);
        }

        if (outcome == StoreOutcome.Ok)
        {
            metrics.Provisioned(resource.Tenant, resource.ResourceType, wasActive ? ProvisioningOutcome.Deactivated : ProvisioningOutcome.Updated);
        }

        return outcome;
    }

    public async Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        StoreOutcome outcome;
        using (StoreCall.Start(metrics, nameof(DeleteAsync), tenant, resourceType))
        {
            outcome = await inner.DeleteAsync(tenant, resourceType, id, expectedVersion, audit, cancellationToken);
        }

        if (outcome == StoreOutcome.Ok)
        {
            metrics.Provisioned(tenant, resourceType, ProvisioningOutcome.Deleted);
        }

        return outcome;
    }

    public async Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(QueryAsync), query.Tenant, query.ResourceType);
        return await inner.QueryAsync(query, cancellationToken);
    }

    public async Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default)
    {
        var resourceType = update.Replacement?.ResourceType ?? update.Audit?.ResourceType;
        GroupUpdateResult result;
        using (StoreCall.Start(metrics, nameof(UpdateGroupAsync), update.Tenant, resourceType))
        {
            result = await inner.UpdateGroupAsync(update, cancellationToken);
        }

        if (result.Outcome == StoreOutcome.Ok && resourceType is not null)
        {
            metrics.Provisioned(update.Tenant, resourceType, ProvisioningOutcome.Updated);
        }

        return result;
    }

    public async Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(ListMembersAsync), tenant);
        return await inner.ListMembersAsync(tenant, groupIds, cancellationToken);
    }

    public async Task<IReadOnlyList<GroupMember>> ListMemberGroupsAsync(string tenant, string groupId, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(ListMemberGroupsAsync), tenant);
        return await inner.ListMemberGroupsAsync(tenant, groupId, cancellationToken);
    }

    public async Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(ListGroupsOfAsync), tenant);
        return await inner.ListGroupsOfAsync(tenant, memberIds, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default)
    {
        using var call = StoreCall.Start(metrics, nameof(FindMissingMembersAsync), tenant);
        return await inner.FindMissingMembersAsync(tenant, members, cancellationToken);
    }

    private static bool IsActive(StoredResource resource) =>
        resource.Document[ActiveAttribute] is not JValue { Type: JTokenType.Boolean } active || (bool)active!;
}
