using Newtonsoft.Json.Linq;
using Spectre.Console;
using ScimServer.Cli.Bulk;
using ScimServer.Cli.Output;

namespace ScimServer.Cli.Commands;

/// <summary>
/// The shape shared by roles, service-accounts and users deactivate: find every user a filter matches (all pages),
/// send one PATCH per user through Bulk, report each failure.
/// </summary>
internal static class UserPatch
{
    public static async Task<int> RunAsync(CommandContext context, string filter, string verb, JObject patch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            throw new UsageException("Say which users: --filter '<SCIM filter>', e.g. --filter 'title eq \"Engineer\"'.");
        }

        var api = context.Scim();
        var server = await PlanApplier.BulkServerAsync(context, api, cancellationToken);
        var users = await api.UsersAsync(filter, server.MaxResults, cancellationToken);
        if (users.Count == 0)
        {
            context.Console.WriteLine("No user matches the filter; nothing was sent.");
            return ExitCodes.Success;
        }

        var items = users
            .Select(u => new BulkItem<JObject>(u, BulkOperation.Patch($"user-{(string?)u["id"]}", (string)u["id"]!, (JObject)patch.DeepClone())))
            .ToList();
        var run = await ProgressDisplay.RunAsync(context.Console, verb, items.Count, "users",
            sent => new BulkSender(api, server).SendAsync(items, sent, cancellationToken));
        var failed = run.Failed.ToList();
        Reports.Summary(context.Console, ("matched", users.Count), ("succeeded", run.Outcomes.Count(o => o.Succeeded)), ("failed", failed.Count));
        Reports.Failures(context.Console, "user",
            failed.Select(f => ((string?)f.Item.Subject["userName"] ?? (string?)f.Item.Subject["id"] ?? "", f.StatusText, f.Error ?? "")).ToList());
        if (run.ServerFailure is not null)
        {
            context.Error($"The server failed; sending stopped: {run.ServerFailure}");
            return ExitCodes.ServerFailure;
        }

        return failed.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }
}
