namespace ScimServer.OData;

/// <summary>The <c>OData</c> configuration section.</summary>
internal sealed class ODataFeedOptions
{
    public const string SectionName = "OData";

    /// <summary>
    /// Most rows per response: a larger <c>$top</c>, or none, is answered in pages linked by <c>@odata.nextLink</c>
    /// (Excel and Power BI follow it), so no request holds a whole tenant.
    /// </summary>
    public int MaxPageSize { get; set; } = 1_000;
}
