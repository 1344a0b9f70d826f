using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Schema;

namespace ScimServer.OData;

/// <summary>
/// An entity set of the access-review feed, read from one SCIM resource type. A derived set (<see cref="Items"/> not
/// null) has one row per user and item (role, organization): it is paged over the users whose document matches, each
/// expanded to its rows in item order.
/// </summary>
internal sealed record FeedEntitySet(string Name, ResourceTypeDefinition ResourceType, IReadOnlyList<FeedColumn> Columns)
{
    /// <summary>What every resource of the set satisfies (service accounts: <c>serviceAccount.enabled eq true</c>).</summary>
    public FilterExpression? BaseFilter { get; init; }

    /// <summary>For a derived set: a resource's items, one row each.</summary>
    public Func<Core.Storage.StoredResource, IReadOnlyList<string>>? Items { get; init; }

    public bool IsDerived => Items is not null;

    public FeedColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
