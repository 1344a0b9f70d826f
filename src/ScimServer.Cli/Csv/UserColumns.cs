using ScimServer.Cli.Scim;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Csv;

/// <summary>The CSV columns scimctl knows (header names are case-insensitive).</summary>
internal static class UserColumns
{
    public const string UserName = ImportColumns.UserName;
    public const string ExternalId = ImportColumns.ExternalId;
    public const string Email = ImportColumns.Email;
    public const string Active = ImportColumns.Active;
    public const string Roles = ImportColumns.Roles;
    public const string Password = "password";

    /// <summary>The columns a failures file adds; a re-run of that file ignores them.</summary>
    public static readonly IReadOnlyList<string> FailureColumns = ["row", "status", "error"];

    public static readonly IReadOnlyList<UserColumn> All =
    [
        Core(UserName, ColumnKind.Text, "userName"),
        Core("givenName", ColumnKind.Text, "name.givenName"),
        Core("familyName", ColumnKind.Text, "name.familyName"),
        Core("middleName", ColumnKind.Text, "name.middleName"),
        Core("displayName", ColumnKind.Text, "displayName"),
        Core(Email, ColumnKind.Text, "emails"),
        Core("title", ColumnKind.Text, "title"),
        Core(Active, ColumnKind.Boolean, "active"),
        Core(ExternalId, ColumnKind.Text, "externalId"),
        Extension("department", ColumnKind.Text, ScimUrns.EnterpriseUser, "department"),
        Extension("employeeNumber", ColumnKind.Text, ScimUrns.EnterpriseUser, "employeeNumber"),
        Extension("manager", ColumnKind.Reference, ScimUrns.EnterpriseUser, "manager"),
        Extension(Roles, ColumnKind.List, ScimUrns.AccessUser, "roles"),
        Extension("organizations", ColumnKind.List, ScimUrns.AccessUser, "organizations"),
        Extension("primaryOrganization", ColumnKind.Text, ScimUrns.AccessUser, "primaryOrganization"),
        Extension("defaultPage", ColumnKind.Text, ScimUrns.AccessUser, "defaultPage"),
        Core(Password, ColumnKind.Secret, "password"),
    ];

    public static UserColumn? Find(string header) =>
        All.FirstOrDefault(c => string.Equals(c.Name, header.Trim(), StringComparison.OrdinalIgnoreCase));

    public static UserColumn Get(string name) => Find(name) ?? throw new ArgumentException($"No column '{name}'.", nameof(name));

    private static UserColumn Core(string name, ColumnKind kind, string attribute) =>
        new() { Name = name, Kind = kind, Schema = ScimUrns.User, Attribute = attribute };

    private static UserColumn Extension(string name, ColumnKind kind, string schema, string attribute) =>
        new() { Name = name, Kind = kind, Schema = schema, Attribute = attribute };
}
