using ScimServer.Core.Filtering;

namespace ScimServer.OData;

/// <summary>A read of one entity set, its query options checked and translated.</summary>
internal sealed record FeedRequest(FeedEntitySet Set, FeedFilterPlan Filter, IReadOnlyList<FeedColumn> Columns)
{
    public BoundFilter? StoreFilter { get; init; }
    public SortSpec? Sort { get; init; }
    public long Skip { get; init; }

    /// <summary><c>$top</c>, or null: every row, in server-driven pages.</summary>
    public long? Top { get; init; }

    public bool Count { get; init; }
    public FeedPosition Position { get; init; } = FeedPosition.Start;

    /// <summary>The <c>$select</c>ed properties, or null for all (the context URL names them).</summary>
    public IReadOnlyList<string>? Selected { get; init; }
}
