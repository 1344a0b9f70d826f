using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Import;

/// <summary>
/// Compares a row with the user the server has, attribute by attribute, and makes the PATCH that updates it. An empty
/// cell leaves its attribute as it is; <c>password</c> is never compared (the server never returns it).
/// </summary>
public static class ImportChanges
{
    /// <summary>The attributes whose values differ.</summary>
    /// <param name="presentMeansActive">
    /// For an HR feed: a row without an <c>active</c> value is an employee, so a deactivated user who is back in the
    /// file is reactivated.
    /// </param>
    public static IReadOnlyList<AttributeChange> Of(IImportRow row, JObject current, bool presentMeansActive = false)
    {
        var changes = new List<AttributeChange>();
        var values = ImportUser.Values(row).Where(v => v.Column.Kind != ImportColumnKind.Secret).ToList();
        if (presentMeansActive && values.All(v => v.Column.Name != ImportColumns.Active))
        {
            values.Add((ImportColumns.Get(ImportColumns.Active), new JValue(true)));
        }

        foreach (var (column, desired) in values)
        {
            var old = column.CurrentValue(current);
            if (column.Name == ImportColumns.Active && old is null)
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

    /// <summary>
    /// The PATCH body of an update: one replace per changed attribute, nothing else (RFC 7644 §3.5.2.3), so what the
    /// file does not mention and what someone changed since stays as it is.
    /// </summary>
    public static JObject Patch(IEnumerable<AttributeChange> changes) => new()
    {
        ["schemas"] = new JArray(ScimSchemaUrns.PatchOp),
        ["Operations"] = new JArray(changes.Select(c => new JObject { ["op"] = "replace", ["path"] = c.Column.PatchPath, ["value"] = c.New })),
    };
}
