namespace ScimServer.Core.Storage;

/// <summary>
/// Where a cursor page stops: the sort key of the last resource returned (null when it has none) and its id,
/// the tie-breaker. The next page starts strictly after it, so paging never skips or repeats under inserts.
/// </summary>
public sealed record KeysetPosition(object? SortValue, string Id);
