namespace ScimServer.Core.Import;

/// <summary>The column names of a users file that <see cref="ImportRowRules"/> checks (headers are case-insensitive).</summary>
public static class ImportColumns
{
    public const string UserName = "userName";
    public const string ExternalId = "externalId";
    public const string Email = "email";
    public const string Active = "active";
    public const string Roles = "roles";
}
