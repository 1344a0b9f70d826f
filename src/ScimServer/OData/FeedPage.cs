namespace ScimServer.OData;

/// <summary>One response's rows, the total when <c>$count=true</c>, and where the next page starts (null: none).</summary>
internal sealed record FeedPage(IReadOnlyList<FeedRow> Rows, long? Count, FeedPosition? Next);
