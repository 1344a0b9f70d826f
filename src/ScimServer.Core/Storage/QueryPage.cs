namespace ScimServer.Core.Storage;

/// <summary>One page of a query; <see cref="Next"/> is where the following page starts, null on the last page.</summary>
public sealed record QueryPage(IReadOnlyList<StoredResource> Resources, long? TotalResults, KeysetPosition? Next);
