namespace ScimServer.AdminUi;

/// <summary>
/// What the session cookie holds: who signed in (a user record, or a tenant token) and the tenant acted on. Roles and
/// organizations are not kept in it: they are read from the store on every request, so a change takes effect at once.
/// </summary>
internal static class AdminUiClaims
{
    public const string Scheme = "AdminUi";
    public const string Kind = "kind";
    public const string SignInTenant = "signin_tenant";
    public const string SubjectId = "sub";
    public const string Name = "name";
    public const string Tenant = "tenant";

    public const string UserKind = "user";
    public const string TokenKind = "token";
}
