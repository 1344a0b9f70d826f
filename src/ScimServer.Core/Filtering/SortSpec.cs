namespace ScimServer.Core.Filtering;

/// <summary><c>sortBy</c> / <c>sortOrder</c> (RFC 7644 §3.4.2.3) bound to the schema.</summary>
public sealed record SortSpec(BoundAttribute Attribute, bool Descending);
