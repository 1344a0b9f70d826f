using ScimServer.Cli.Bulk;
using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Sync;

/// <summary>Counts and failures of an applied plan (import or sync).</summary>
internal sealed record PlanResult(int Created, int Updated, int Deactivated, int Unchanged, IReadOnlyList<BulkOutcome<UserChange>> Failed, string? ServerFailure)
{
    public static PlanResult From(IReadOnlyList<UserChange> plan, BulkRun<UserChange> run)
    {
        int Succeeded(ChangeKind kind) => run.Outcomes.Count(o => o.Succeeded && o.Item.Subject.Kind == kind);
        return new PlanResult(
            Succeeded(ChangeKind.Create),
            Succeeded(ChangeKind.Update),
            Succeeded(ChangeKind.Deactivate),
            plan.Count(c => c.Kind == ChangeKind.Unchanged),
            run.Failed.ToList(),
            run.ServerFailure);
    }

    public IEnumerable<RowFailure> RowFailures =>
        Failed.Where(f => f.Item.Subject.Row is not null).Select(f => new RowFailure(f.Item.Subject.Row!, f.StatusText, f.Error ?? ""));

    public int ExitCode => ServerFailure is not null ? ExitCodes.ServerFailure : Failed.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
}
