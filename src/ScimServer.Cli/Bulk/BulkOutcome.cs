namespace ScimServer.Cli.Bulk;

/// <summary>
/// What became of one operation: the status the server gave it (null when it was not sent or got no answer),
/// the created resource's location, and the error detail of a failure.
/// </summary>
internal sealed record BulkOutcome<T>(BulkItem<T> Item, int? Status, string? Location, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The status as the failures file and tables show it.</summary>
    public string StatusText => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unsent";
}
