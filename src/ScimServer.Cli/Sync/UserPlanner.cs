using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Sync;

/// <summary>
/// Compares a CSV row with the user the server has, attribute by attribute. An empty cell leaves its attribute as it
/// is; <c>password</c> is never compared (the server never returns it).
/// </summary>
internal static class UserPlanner
{
    /// <summary>The attributes whose values differ.</summary>
    /// <param name="presentMeansActive">
    /// For an HR feed: a row without an <c>active</c> value is an employee, so a deactivated user who is back in the
    /// file is reactivated.
    /// </param>
    public static IReadOnlyList<AttributeChange> Changes(UserRow row, JObject current, bool presentMeansActive = false)
    {
        var changes = new List<AttributeChange>();
        var values = row.Values().Where(v => v.Column.Kind != ColumnKind.Secret).ToList();
        if (presentMeansActive && values.All(v => v.Column.Name != UserColumns.Active))
        {
            values.Add((UserColumns.Get(UserColumns.Active), new JValue(true)));
        }

        foreach (var (column, desired) in values)
        {
            var old = column.CurrentValue(current);
            if (column.Name == UserColumns.Active && old is null)
            {
                // RFC 7643 leaves an absent active undefined; the server treats it as active.
                old = new JValue(true);
            }

            if (!column.SameValue(old, desired))
            {
                changes.Add(new AttributeChange(column, old, desired));
            }
        }

        return changes;
    }

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
