using ScimServer.Core.Schema;

namespace ScimServer.Core.Import;

/// <summary>
/// The columns of a users file and the SCIM attribute each maps to (headers are case-insensitive) — one mapping for
/// scimctl's import and sync and the User Management page's upload, so the two can never make different users.
/// </summary>
public static class ImportColumns
{
    public const string UserName = "userName";
    public const string ExternalId = "externalId";
    public const string Email = "email";
    public const string Active = "active";
    public const string Roles = "roles";
    public const string Password = "password";

    public static readonly IReadOnlyList<ImportColumn> All =
    [
        Core(UserName, ImportColumnKind.Text, "userName"),
        Core("givenName", ImportColumnKind.Text, "name.givenName"),
        Core("familyName", ImportColumnKind.Text, "name.familyName"),
        Core("middleName", ImportColumnKind.Text, "name.middleName"),
        Core("displayName", ImportColumnKind.Text, "displayName"),
        Core(Email, ImportColumnKind.Text, "emails"),
        Core("title", ImportColumnKind.Text, "title"),
        Core(Active, ImportColumnKind.Boolean, "active"),
        Core(ExternalId, ImportColumnKind.Text, "externalId"),
        Extension("department", ImportColumnKind.Text, ScimSchemaUrns.EnterpriseUser, "department"),
        Extension("employeeNumber", ImportColumnKind.Text, ScimSchemaUrns.EnterpriseUser, "employeeNumber"),
        Extension("manager", ImportColumnKind.Reference, ScimSchemaUrns.EnterpriseUser, "manager"),
        Extension(Roles, ImportColumnKind.List, ScimSchemaUrns.AccessUser, "roles"),
        Extension("organizations", ImportColumnKind.List, ScimSchemaUrns.AccessUser, "organizations"),
        Extension("primaryOrganization", ImportColumnKind.Text, ScimSchemaUrns.AccessUser, "primaryOrganization"),
        Extension("defaultPage", ImportColumnKind.Text, ScimSchemaUrns.AccessUser, "defaultPage"),
        Core(Password, ImportColumnKind.Secret, "password"),
    ];

    public static ImportColumn? Find(string header) =>
        All.FirstOrDefault(c => string.Equals(c.Name, header.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ImportColumn Get(string name) => Find(name) ?? throw new ArgumentException($"No column '{name}'.", nameof(name));

    private static ImportColumn Core(string name, ImportColumnKind kind, string attribute) =>
        new() { Name = name, Kind = kind, Schema = ScimSchemaUrns.User, Attribute = attribute };

    private static ImportColumn Extension(string name, ImportColumnKind kind, string schema, string attribute) =>
        new() { Name = name, Kind = kind, Schema = schema, Attribute = attribute };
}
