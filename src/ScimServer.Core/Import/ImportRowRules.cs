using System.Net.Mail;

namespace ScimServer.Core.Import;

/// <summary>
/// The checks of a users file's rows before anything is sent, so a bad file changes nothing — one rule for scimctl's
/// import and sync and the User Management page's upload. Roles are checked for form only: the server rejects an
/// unknown role per row against the tenant's catalog.
/// </summary>
public static class ImportRowRules
{
    /// <summary>The errors of all rows, each naming its row number; empty when the file can be sent.</summary>
    /// <param name="key">The column that must be present and unique in every row (userName, or the sync key).</param>
    public static IReadOnlyList<string> Validate(IEnumerable<IImportRow> rows, string key = ImportColumns.UserName) =>
        Check(rows, key).Select(e => e.Message).ToList();

    /// <summary>The errors of all rows with the row each is about, so a caller can send the rows that have none.</summary>
    /// <param name="key">The column that must be present and unique in every row (userName, or the sync key).</param>
    public static IReadOnlyList<ImportRowError> Check(IEnumerable<IImportRow> rows, string key = ImportColumns.UserName)
    {
        var errors = new List<ImportRowError>();
        var seenUserNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var userName = row[ImportColumns.UserName];
            if (userName is null)
            {
                errors.Add(new(row.Number, $"Row {row.Number}: userName is missing."));
            }
            else if (seenUserNames.TryGetValue(userName, out var first))
            {
                errors.Add(new(row.Number, $"Row {row.Number}: userName '{userName}' repeats row {first}."));
            }
            else
            {
                seenUserNames[userName] = row.Number;
            }

            if (key != ImportColumns.UserName)
            {
                var keyValue = row[key];
                if (keyValue is null)
                {
                    errors.Add(new(row.Number, $"Row {row.Number}: {key} is missing (it is the sync key)."));
                }
                else if (seenKeys.TryGetValue(keyValue, out var first))
                {
                    errors.Add(new(row.Number, $"Row {row.Number}: {key} '{keyValue}' repeats row {first}."));
                }
                else
                {
                    seenKeys[keyValue] = row.Number;
                }
            }

            if (row[ImportColumns.Email] is { } email && !IsEmail(email))
            {
                errors.Add(new(row.Number, $"Row {row.Number}: email '{email}' is not an email address."));
            }

            if (row[ImportColumns.Active] is { } active && !BooleanText.TryParse(active, out _))
            {
                errors.Add(new(row.Number, $"Row {row.Number}: active '{active}' is not a boolean (use true or false)."));
            }

            if (row[ImportColumns.Roles] is { } roles)
            {
                foreach (var role in ListText.Split(roles).Where(r => r.Any(char.IsWhiteSpace) || r.Contains('"', StringComparison.Ordinal)))
                {
                    errors.Add(new(row.Number, $"Row {row.Number}: role '{role}' is not a role name (no spaces or quotes)."));
                }
            }
        }

        return errors;
    }

    /// <summary>A bare address (no display name, no angle brackets) with a dotted domain.</summary>
    public static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && string.IsNullOrEmpty(address.DisplayName)
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.')
        && !address.Host.StartsWith('.');
}
