namespace ScimServer.Core.Resources;

/// <summary>
/// The query parameters of a list or search (RFC 7644 §3.4.2, §3.4.3; RFC 9865 <c>cursor</c>), as the client
/// sent them: from the query string of a GET or the body of a POST <c>.search</c>.
/// </summary>
public sealed record ListRequest
{
    public string? Filter { get; init; }
    public string? SortBy { get; init; }
    public string? SortOrder { get; init; }
    public int? StartIndex { get; init; }
    public int? Count { get; init; }
    public string? Attributes { get; init; }
    public string? ExcludedAttributes { get; init; }

    /// <summary>RFC 9865: null when not asked for; empty for the first page; else a <c>nextCursor</c> value.</summary>
    public string? Cursor { get; init; }
}
