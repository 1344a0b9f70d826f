using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Import;

/// <summary>
/// Decides what an upload with upsert does with a row, given the users that match its key (<see cref="ImportMatch"/>):
/// scimctl's <c>import --upsert</c> rule, used by the User Management page's upload.
/// </summary>
public static class ImportUpsert
{
    /// <param name="found">The users that match the row's key; null when the upload creates only (no upsert).</param>
    public static ImportRowPlan Plan(IImportRow row, IReadOnlyList<JObject>? found)
    {
        var user = ImportUser.From(row);
        if (found is null || found.Count == 0)
        {
            return new ImportRowPlan { Row = row.Number, Action = ImportAction.Create, User = user };
        }

        if (found.Count > 1)
        {
            return new ImportRowPlan { Row = row.Number, Action = ImportAction.Ambiguous, User = user, Error = AmbiguityOf(row, found.Count) };
        }

        var changes = ImportChanges.Of(row, found[0]);
        return new ImportRowPlan
        {
            Row = row.Number,
            Action = changes.Count == 0 ? ImportAction.Unchanged : ImportAction.Update,
            User = user,
            Id = (string?)found[0]["id"],
            Changes = changes,
        };
    }

    /// <summary>Why a row that matches several users is not sent: which of them to change is not the file's to say.</summary>
    public static string AmbiguityOf(IImportRow row, int count)
    {
        var (attribute, value) = ImportMatch.KeyOf(row);
        return $"{count} users have {attribute} '{value}'.";
    }
}
