namespace ScimServer.ApiDocs;

/// <summary>One documented response of an <see cref="ApiOperation"/>.</summary>
internal sealed record ApiResponse(int Status, string Description, string? Schema = null)
{
    public string MediaType { get; init; } = Http.ScimMediaTypes.Scim;

    /// <summary>The response carries the resource's version (RFC 7644 §3.14).</summary>
    public bool ETag { get; init; }

    /// <summary>The response carries the created resource's URI (RFC 7644 §3.3).</summary>
    public bool Location { get; init; }
}
