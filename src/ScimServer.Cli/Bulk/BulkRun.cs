namespace ScimServer.Cli.Bulk;

/// <summary>All outcomes of a run, in the order sent, and the server failure that stopped it (if one did).</summary>
internal sealed record BulkRun<T>(IReadOnlyList<BulkOutcome<T>> Outcomes, string? ServerFailure)
{
    public IEnumerable<BulkOutcome<T>> Failed => Outcomes.Where(o => !o.Succeeded);
}
