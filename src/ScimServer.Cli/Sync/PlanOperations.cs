using Newtonsoft.Json.Linq;
using ScimServer.Cli.Bulk;
using ScimServer.Cli.Scim;

namespace ScimServer.Cli.Sync;

/// <summary>The Bulk operations that carry out plan lines: POST for joiners, PATCH for movers and leavers.</summary>
internal static class PlanOperations
{
    public static IReadOnlyList<BulkItem<UserChange>> For(IEnumerable<UserChange> changes) =>
        changes.Where(c => c.Kind != ChangeKind.Unchanged).Select(c => new BulkItem<UserChange>(c, Operation(c))).ToList();

    private static BulkOperation Operation(UserChange change)
    {
        var bulkId = change.Row is { } row ? $"row-{row.Number}" : $"user-{change.Id}";
        return change.Kind switch
        {
            ChangeKind.Create => BulkOperation.Post(bulkId, change.Row!.ToUser()),
            ChangeKind.Update => BulkOperation.Patch(bulkId, change.Id!, change.UpdatePatch()),
            ChangeKind.Deactivate => BulkOperation.Patch(bulkId, change.Id!, PatchOps.Deactivate()),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Nothing to send."),
        };
    }

    /// <summary>Who a plan line is, for tables: the row number and userName, or the server's userName.</summary>
    public static string Describe(UserChange change) =>
        change.Row is { } row ? $"row {row.Number} ({row["userName"]})" : (string?)change.Current?["userName"] ?? change.Key;

    public static JObject? Unused => null;
}
