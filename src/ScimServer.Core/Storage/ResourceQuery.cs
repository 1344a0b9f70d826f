using ScimServer.Core.Filtering;

namespace ScimServer.Core.Storage;

/// <summary>A list or search request, bound to the schema, for one tenant and resource type.</summary>
public sealed record ResourceQuery
{
    public required string Tenant { get; init; }
    public required string ResourceType { get; init; }
    public BoundFilter? Filter { get; init; }

    /// <summary>Null: order by id (stable, and what cursor paging needs).</summary>
    public SortSpec? Sort { get; init; }

    /// <summary>0-based number of matches to skip (index paging); with <see cref="After"/>, skipped after that position.</summary>
    public int Offset { get; init; }

    /// <summary>How many resources to return at most; 0 returns none (only the total).</summary>
    public int Limit { get; init; }

    /// <summary>Cursor paging (RFC 9865): return the matches strictly after this position.</summary>
    public KeysetPosition? After { get; init; }

    /// <summary>Whether to count all matches; the count is the costly part at scale.</summary>
    public bool CountTotal { get; init; } = true;

    /// <summary>
    /// Whether the response shows the page's membership values (a group's <c>members</c>, a user's <c>groups</c>): a
    /// store that can read them in the page's own snapshot returns them in <see cref="QueryPage.Members"/> or
    /// <see cref="QueryPage.Groups"/>; one that leaves those null is asked separately.
    /// </summary>
    public bool WithMembership { get; init; }
}
