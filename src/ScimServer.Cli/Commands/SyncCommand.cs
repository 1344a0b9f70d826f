using System.CommandLine;
using Spectre.Console;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Output;
using ScimServer.Cli.Sync;

namespace ScimServer.Cli.Commands;

/// <summary><c>scimctl sync hr.csv --key externalId [--scope filter] [--dry-run] [--max-deactivate 10%] [--force]</c>.</summary>
internal static class SyncCommand
{
    public static Command Create(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var file = new Argument<string>("file") { Description = "The HR feed: a users CSV listing everyone who should be active" };
        var key = new Option<string>("--key") { Description = "The column that identifies a person", DefaultValueFactory = _ => UserColumns.ExternalId };
        key.AcceptOnlyFromAmong([.. SyncPlanner.Keys]);
        var scope = new Option<string?>("--scope") { Description = "A SCIM filter: the users this feed owns (default: all users)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and send nothing" };
        var maxDeactivate = new Option<string>("--max-deactivate")
        {
            Description = "Refuse when more leavers than this (a percentage of the scope like 10%, or a count)",
            DefaultValueFactory = _ => DeactivationLimit.Default.ToString(),
        };
        var force = new Option<bool>("--force") { Description = "Apply even above --max-deactivate" };
        var failures = new Option<string?>("--failures") { Description = "Where to write the failed rows (default: <file>.failures.csv when any fail)" };
        var command = new Command("sync", "Joiners, movers and leavers from an HR CSV: create, update changed attributes, deactivate (never delete)")
        {
            file, key, scope, dryRun, maxDeactivate, force, failures,
        };
        command.SetAction((parse, cancellationToken) => run(parse, context => RunAsync(context, new SyncRequest(
            context.Get(file), context.Get(key), parse.GetValue(scope), context.Get(dryRun), context.Get(maxDeactivate), context.Get(force),
            parse.GetValue(failures)), cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, SyncRequest request, CancellationToken cancellationToken)
    {
        if (!DeactivationLimit.TryParse(request.MaxDeactivate, out var limit))
        {
            throw new UsageException($"--max-deactivate '{request.MaxDeactivate}' is neither a percentage (10%) nor a count (25).");
        }

        var csv = UserCsv.Read(request.File);
        if (!csv.Headers.Any(h => string.Equals(h.Trim(), request.Key, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"The file has no {request.Key} column, the sync key.");
        }

        var errors = RowValidator.Validate(csv, request.Key);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Error(error);
            }

            context.Error($"{errors.Count} error(s) in {request.File}; nothing was sent.");
            return ExitCodes.Usage;
        }

        var api = context.Scim();
        var server = await PlanApplier.BulkServerAsync(context, api, cancellationToken);
        var users = await api.UsersAsync(string.IsNullOrWhiteSpace(request.Scope) ? null : request.Scope, server.MaxResults, cancellationToken);
        var plan = SyncPlanner.Plan(csv.Rows, users, request.Key);

        Reports.Plan(context.Console, plan);
        Reports.Summary(context.Console,
            ("in scope", plan.ScopeCount),
            ("joiners (create)", plan.Count(ChangeKind.Create)),
            ("movers (update)", plan.Count(ChangeKind.Update)),
            ("leavers (deactivate)", plan.Count(ChangeKind.Deactivate)),
            ("unchanged", plan.Count(ChangeKind.Unchanged)));

        var leavers = plan.Count(ChangeKind.Deactivate);
        if (!limit.Allows(leavers, plan.ScopeCount) && !request.Force)
        {
            context.Error($"Refused: {leavers} leaver(s) to deactivate exceed --max-deactivate {limit} of {plan.ScopeCount} user(s) in scope "
                + $"(at most {limit.MaxLeavers(plan.ScopeCount)}). Check the feed, or use --force. Nothing was sent.");
            return ExitCodes.Refused;
        }

        if (request.DryRun)
        {
            context.Console.WriteLine("--dry-run: nothing was sent.");
            return ExitCodes.Success;
        }

        var result = await PlanApplier.ApplyAsync(context, api, server, plan.Changes, cancellationToken);
        PlanApplier.WriteFailures(context, request.File, request.Failures, csv.Headers, result.RowFailures.ToList());
        return result.ExitCode;
    }

    private sealed record SyncRequest(string File, string Key, string? Scope, bool DryRun, string MaxDeactivate, bool Force, string? Failures);
}
