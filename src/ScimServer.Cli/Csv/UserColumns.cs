using ScimServer.Core.Import;

namespace ScimServer.Cli.Csv;

/// <summary>The CSV columns scimctl knows: Core's mapping (<see cref="ImportColumns"/>), shared with the User Management page.</summary>
internal static class UserColumns
{
    public const string UserName = ImportColumns.UserName;
    public const string ExternalId = ImportColumns.ExternalId;
    public const string Email = ImportColumns.Email;
    public const string Active = ImportColumns.Active;
    public const string Roles = ImportColumns.Roles;
    public const string Password = ImportColumns.Password;

    /// <summary>The columns a failures file adds; a re-run of that file ignores them.</summary>
    public static readonly IReadOnlyList<string> FailureColumns = ["row", "status", "error"];

    public static IReadOnlyList<ImportColumn> All => ImportColumns.All;

    public static ImportColumn? Find(string header) => ImportColumns.Find(header);

    public static ImportColumn Get(string name) => ImportColumns.Get(name);
}
