using ScimServer.Core.Import;

namespace ScimServer.Cli.Csv;

/// <summary>Checks every row of a file before anything is sent, by the rule shared with the User Management page.</summary>
internal static class RowValidator
{
    /// <summary>The errors of all rows, each naming its row number; empty when the file can be sent.</summary>
    /// <param name="key">The column that must be present and unique in every row (userName, or the sync key).</param>
    public static IReadOnlyList<string> Validate(UserCsv csv, string key = UserColumns.UserName) => ImportRowRules.Validate(csv.Rows, key);

    public static bool IsEmail(string text) => ImportRowRules.IsEmail(text);
}
