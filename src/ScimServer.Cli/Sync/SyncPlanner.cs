using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Sync;

/// <summary>
/// Plans an HR sync: joiners (in the file, not in scope), movers (in both; only the attributes that changed) and
/// leavers (in scope and still active, not in the file), matched on a key column (externalId or userName).
/// </summary>
internal static class SyncPlanner
{
    public static readonly IReadOnlyList<string> Keys = [UserColumns.ExternalId, UserColumns.UserName];

    public static SyncPlan Plan(IReadOnlyList<UserRow> rows, IReadOnlyList<JObject> scope, string key)
    {
        var keyColumn = UserColumns.Get(key);

        // userName is case-insensitive on the server (caseExact false); externalId is case-exact (RFC 7643 §3.1).
        var comparer = keyColumn.Name == UserColumns.UserName ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byKey = new Dictionary<string, JObject>(comparer);
        var keyless = new List<JObject>();
        foreach (var user in scope)
        {
            if ((string?)keyColumn.CurrentValue(user) is { } value)
            {
                byKey.TryAdd(value, user);
            }
            else
            {
                keyless.Add(user);
            }
        }

        var changes = new List<UserChange>();
        var inFile = new HashSet<string>(comparer);
        foreach (var row in rows)
        {
            var value = row[keyColumn.Name]!;
            inFile.Add(value);
            changes.Add(UserPlanner.For(value, row, byKey.GetValueOrDefault(value), presentMeansActive: true));
        }

        foreach (var user in byKey.Where(u => !inFile.Contains(u.Key)).Select(u => u.Value).Concat(keyless))
        {
            var key0 = (string?)keyColumn.CurrentValue(user) ?? $"({(string?)user["userName"]}, no {keyColumn.Name})";
            var isActive = user["active"] is not { Type: JTokenType.Boolean } active || (bool)active;
            changes.Add(new UserChange
            {
                Key = key0,
                Kind = isActive ? ChangeKind.Deactivate : ChangeKind.Unchanged,
                Current = user,
                Changes = isActive ? [new AttributeChange(UserColumns.Get(UserColumns.Active), true, false)] : [],
            });
        }

        return new SyncPlan(changes, scope.Count);
    }
}
