using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// A property of an entity set. A column with a <see cref="ScimPath"/> is a SCIM attribute of the resource: <c>$filter</c>
/// and <c>$orderby</c> on it become the SCIM filter and sort the store runs. A row column (<see cref="IsRowLevel"/>)
/// describes one row of a derived set (a user's role, or organization): it is tested on each row, and
/// <see cref="Narrow"/> gives the store a filter on users that keeps at least every user with such a row.
/// </summary>
internal sealed record FeedColumn(string Name, Func<FeedRow, object?> Read)
{
    /// <summary>The SCIM attribute path (as a client writes it) behind the column, or null.</summary>
    public string? ScimPath { get; init; }

    public bool IsCollection { get; init; }

    /// <summary>
    /// For a boolean attribute: what an absent value means, shown and filtered on as that value. A user without
    /// <c>active</c> is active (the seeds: active is the default state); without <c>serviceAccount.enabled</c>, not a
    /// service account.
    /// </summary>
    public bool? WhenAbsent { get; init; }

    public bool IsRowLevel { get; init; }

    /// <summary>For a row column: a SCIM filter on users that every user holding a row with <c>column eq value</c> passes.</summary>
    public Func<object?, TenantRecord, FilterExpression?>? Narrow { get; init; }

    /// <summary>For a derived set's item column: <c>column eq value</c> selects exactly one row of each matching user.</summary>
    public bool IsItem { get; init; }
}
