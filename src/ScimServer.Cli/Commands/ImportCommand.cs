using System.CommandLine;
using Spectre.Console;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Http;
using ScimServer.Cli.Output;
using ScimServer.Cli.Sync;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Commands;

/// <summary><c>scimctl import users.csv [--dry-run] [--upsert] [--failures failures.csv]</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var file = new Argument<string>("file") { Description = "The users CSV (columns: see the README)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate (and with --upsert, plan) without sending anything" };
        var upsert = new Option<bool>("--upsert") { Description = "Update users that exist (matched by externalId, else userName) instead of failing with 409" };
        var failures = new Option<string?>("--failures") { Description = "Where to write the failed rows (default: <file>.failures.csv when any fail)" };
        var command = new Command("import", "Create (or with --upsert, create or update) users from a CSV through /Bulk") { file, dryRun, upsert, failures };
        command.SetAction((parse, cancellationToken) => run(parse, context => RunAsync(context, context.Get(file), context.Get(dryRun), context.Get(upsert), parse.GetValue(failures), cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string file, bool dryRun, bool upsert, string? failuresPath, CancellationToken cancellationToken)
    {
        var csv = UserCsv.Read(file);
        var errors = RowValidator.Validate(csv);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Error(error);
            }

            context.Error($"{errors.Count} error(s) in {file}; nothing was sent.");
            return ExitCodes.Usage;
        }

        if (dryRun && !upsert)
        {
            context.Console.WriteLine($"{csv.Rows.Count} row(s) are valid; --dry-run: nothing was sent.");
            return ExitCodes.Success;
        }

        var api = context.Scim();
        var server = await PlanApplier.BulkServerAsync(context, api, cancellationToken);
        IReadOnlyList<UserChange> plan;
        var ambiguous = new List<RowFailure>();
        try
        {
            plan = upsert ? await UpsertPlanAsync(api, csv.Rows, server, ambiguous, cancellationToken) : csv.Rows.Select(r => UserPlanner.For(r[UserColumns.UserName]!, r, null)).ToList();
        }
        catch (ServerFailureException e)
        {
            context.Error($"Looking up existing users failed; nothing was sent: {e.Message}");
            PlanApplier.WriteFailures(context, file, failuresPath, csv.Headers, csv.Rows.Select(r => new RowFailure(r, "unsent", e.Message)).ToList());
            return ExitCodes.ServerFailure;
        }

        if (dryRun)
        {
            Reports.Plan(context.Console, new SyncPlan(plan, 0));
            Reports.Summary(context.Console,
                ("to create", plan.Count(c => c.Kind == ChangeKind.Create)),
                ("to update", plan.Count(c => c.Kind == ChangeKind.Update)),
                ("unchanged", plan.Count(c => c.Kind == ChangeKind.Unchanged)),
                ("ambiguous", ambiguous.Count));
            context.Console.WriteLine("--dry-run: nothing was sent.");
            return ExitCodes.Success;
        }

        var result = await PlanApplier.ApplyAsync(context, api, server, plan, cancellationToken);
        var rowFailures = result.RowFailures.Concat(ambiguous).ToList();
        Reports.Failures(context.Console, "row", ambiguous.Select(a => ($"row {a.Row.Number}", a.Status, a.Error)).ToList());
        PlanApplier.WriteFailures(context, file, failuresPath, csv.Headers, rowFailures, upsert ? null : "import");
        return result.ServerFailure is not null ? ExitCodes.ServerFailure : rowFailures.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<UserChange>> UpsertPlanAsync(
        ScimApi api, IReadOnlyList<UserRow> rows, ServiceProviderInfo server, List<RowFailure> ambiguous, CancellationToken cancellationToken)
    {
        var matches = await UserLookup.MatchAsync(api, rows, server.MaxResults, cancellationToken);
        var plan = new List<UserChange>();
        foreach (var row in rows)
        {
            var found = matches[row];
            if (found.Count > 1)
            {
                ambiguous.Add(new RowFailure(row, "ambiguous", ImportUpsert.AmbiguityOf(row, found.Count)));
                continue;
            }

            plan.Add(UserPlanner.For(row[UserColumns.UserName]!, row, found.Count == 1 ? found[0] : null));
        }

        return plan;
    }
}
