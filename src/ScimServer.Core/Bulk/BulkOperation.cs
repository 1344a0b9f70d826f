using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Bulk;

/// <summary>One operation of a Bulk request (RFC 7644 §3.7), as sent.</summary>
internal sealed record BulkOperation(int Index, string Method, string? BulkId, string? Version, string Path, JToken? Data)
{
    /// <summary>The bulkIds this operation refers to (<c>"bulkId:…"</c> anywhere in its path or data).</summary>
    public IReadOnlySet<string> References { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
