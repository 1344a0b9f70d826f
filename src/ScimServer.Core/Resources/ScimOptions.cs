namespace ScimServer.Core.Resources;

/// <summary>Protocol limits; bound from the <c>Scim</c> configuration section and advertised in ServiceProviderConfig.</summary>
public sealed class ScimOptions
{
    /// <summary>The most resources one list response returns (<c>filter.maxResults</c>); a larger count is lowered to it.</summary>
    public int MaxResults { get; set; } = 1000;

    /// <summary>The page size when the client does not send <c>count</c>.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The largest request body accepted, in bytes (advertised as <c>bulk.maxPayloadSize</c>).</summary>
    public long MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The most operations in one Bulk request.</summary>
    public int MaxOperations { get; set; } = 1000;
}
