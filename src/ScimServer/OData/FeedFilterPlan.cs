using Microsoft.OData.UriParser;
using ScimServer.Core.Filtering.Expressions;

namespace ScimServer.OData;

/// <summary>
/// A <c>$filter</c> translated for one entity set: the SCIM filter on resources the store runs, and for a derived set
/// the conditions each row must also meet (tested in the server on the rows of the users the store returned).
/// </summary>
internal sealed record FeedFilterPlan(FilterExpression? StoreFilter, IReadOnlyList<SingleValueNode> RowConditions)
{
    /// <summary>
    /// True when every user the store returns has exactly one row: the only row condition is <c>item eq value</c>
    /// (<c>role eq 'Analyst'</c>), whose user filter is exact and which a user's (distinct) items meet once.
    /// </summary>
    public bool OneRowPerUser { get; init; }
}
