using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Sync;

/// <summary>
/// Compares a CSV row with the user the server has, attribute by attribute. An empty cell leaves its attribute as it
/// is; <c>password</c> is never compared (the server never returns it).
/// </summary>
internal static class UserPlanner
{
    /// <summary>The attributes whose values differ, by the rule shared with the User Management page's upsert.</summary>
    public static IReadOnlyList<AttributeChange> Changes(UserRow row, JObject current, bool presentMeansActive = false) =>
        ImportChanges.Of(row, current, presentMeansActive);

    /// <summary>The plan line of a row: create when no user matched, else update or unchanged.</summary>
    public static UserChange For(string key, UserRow row, JObject? current, bool presentMeansActive = false)
    {
        if (current is null)
        {
            return new UserChange { Key = key, Kind = ChangeKind.Create, Row = row };
        }

        var changes = Changes(row, current, presentMeansActive);
        return new UserChange
        {
            Key = key,
            Kind = changes.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Update,
            Row = row,
            Current = current,
            Changes = changes,
        };
    }
}
