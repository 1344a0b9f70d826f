using ScimServer.Cli.Bulk;
using Spectre.Console;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Http;
using ScimServer.Cli.Output;
using ScimServer.Cli.Sync;

namespace ScimServer.Cli.Commands;

/// <summary>Sends a plan through Bulk with a progress bar, prints the summary and failures, writes the failures file.</summary>
internal static class PlanApplier
{
    public static async Task<ServiceProviderInfo> BulkServerAsync(CommandContext context, ScimApi api, CancellationToken cancellationToken)
    {
        var server = await api.ServiceProviderConfigAsync(cancellationToken);
        if (!server.BulkSupported)
        {
            throw new UsageException("The server does not support /Bulk (ServiceProviderConfig bulk.supported is false); nothing was sent.");
        }

        return server;
    }

    public static async Task<PlanResult> ApplyAsync(
        CommandContext context, ScimApi api, ServiceProviderInfo server, IReadOnlyList<UserChange> plan, CancellationToken cancellationToken)
    {
        var items = PlanOperations.For(plan);
        var run = items.Count == 0
            ? new BulkRun<UserChange>([], null)
            : await ProgressDisplay.RunAsync(context.Console, "Sending", items.Count, "users",
                sent => new BulkSender(api, server).SendAsync(items, sent, cancellationToken));
        var result = PlanResult.From(plan, run);
        Report(context, result);
        return result;
    }

    public static void Report(CommandContext context, PlanResult result)
    {
        Reports.Summary(context.Console,
            ("created", result.Created),
            ("updated", result.Updated),
            ("deactivated", result.Deactivated),
            ("unchanged", result.Unchanged),
            ("failed", result.Failed.Count));
        Reports.Failures(context.Console, "user",
            result.Failed.Select(f => (PlanOperations.Describe(f.Item.Subject), f.StatusText, f.Error ?? "")).ToList());
        if (result.ServerFailure is not null)
        {
            context.Error($"The server failed; sending stopped: {result.ServerFailure}");
        }
    }

    /// <summary>
    /// Writes the failures file when asked for, or beside the input when there are failures. When
    /// <paramref name="upsertRetry"/> is given (an import sent without --upsert), rows refused as conflicts are
    /// pointed at that command with --upsert: re-running the same command would only conflict again.
    /// </summary>
    public static void WriteFailures(
        CommandContext context, string input, string? path, IReadOnlyList<string> headers, IReadOnlyList<RowFailure> failures, string? upsertRetry = null)
    {
        if (path is null && failures.Count == 0)
        {
            return;
        }

        path ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input)) ?? ".", Path.GetFileNameWithoutExtension(input) + ".failures.csv");
        FailuresCsv.Write(path, headers, failures);
        if (failures.Count == 0)
        {
            return;
        }

        var conflicts = failures.Count(f => f.Status == "409");
        context.Console.WriteLine(upsertRetry is not null && conflicts > 0
            ? $"{failures.Count} failed row(s) written to {path}; {conflicts} of them conflict with existing users (409): "
                + $"retry with `scimctl {upsertRetry} {path} --upsert`, which updates those users."
            : $"{failures.Count} failed row(s) written to {path}; run the same command on that file to retry them.");
    }
}
