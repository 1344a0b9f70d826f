using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Rules;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Security;

namespace ScimServer.AdminUi;

/// <summary>
/// Sign-in to the User Management page and the check of a session on every request, by the seeds' rules: only the
/// Server Administrator (<c>TenantAdmin</c>) and Administrator roles may manage users; inactive users cannot sign in;
/// a service account signs in at its home tenant and may act in the other tenants where it is provisioned.
/// A tenant's bearer token also signs in, for the first setup of a tenant that has no user yet.
/// </summary>
internal sealed class AdminUiSessions(
    ITenantStore tenants, IAuditLog audit, AuthenticationFailureLimiter failures, TimeProvider time)
{
    public const string ServerAdministratorRole = AdministrationScope.ServerAdministratorRole;
    public const string AdministratorRole = "Administrator";
    private const string WrongCredentials = "The user name or password is not valid.";
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object HashedUser = new();

    /// <summary>Checks a userName and password at a tenant; every refusal is counted by the failure limiter and audited.</summary>
    public async Task<ScimResult<ClaimsPrincipal>> SignInWithPasswordAsync(
        HttpContext http, string tenantId, string userName, string password, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetTenantAsync(tenantId, cancellationToken);
        var user = tenant is null ? null : await FindUserAsync(tenantId, userName, cancellationToken);
        if (user?.PasswordHash is null
            || Hasher.VerifyHashedPassword(HashedUser, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return await RefuseAsync(http, tenant is null ? null : tenantId, userName, user?.Id, "wrong user name or password",
                ScimError.Unauthorized(WrongCredentials));
        }

        var refusal = RefusalOf(user.Document, tenantId);
        if (refusal is not null)
        {
            return await RefuseAsync(http, tenantId, userName, user.Id, refusal.Detail, refusal);
        }

        await AuditAsync(tenantId, userName, "sign-in", user.Id, http, "signed in to the User Management page", cancellationToken);
        return Principal(AdminUiClaims.UserKind, tenantId, user.Id, (string?)user.Document["userName"] ?? userName, tenantId);
    }

    /// <summary>A tenant's bearer token (not the server-admin token, not an OAuth client) for a tenant's first setup.</summary>
    public async Task<ScimResult<ClaimsPrincipal>> SignInWithTokenAsync(HttpContext http, string secret, CancellationToken cancellationToken)
    {
        var token = await tenants.FindTokenAsync(TokenSecrets.Hash(secret), cancellationToken);
        if (token is null || !Usable(token) || token.Tenant is null)
        {
            return await RefuseAsync(http, null, "token", null, "unknown, revoked or expired token",
                ScimError.Unauthorized(token is { Tenant: null }
                    ? "The server-admin token cannot sign in here: sign in with a tenant's token, or as a user."
                    : "The token is not valid."));
        }

        await AuditAsync(token.Tenant, token.Name, "sign-in", token.Id, http, "signed in to the User Management page with a tenant token", cancellationToken);
        return Principal(AdminUiClaims.TokenKind, token.Tenant, token.Id, token.Name, token.Tenant);
    }

    /// <summary>The session a cookie's principal stands for, checked against the store now; an error ends it.</summary>
    public async Task<ScimResult<AdminUiSession>> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var kind = principal.FindFirstValue(AdminUiClaims.Kind);
        var signInTenant = principal.FindFirstValue(AdminUiClaims.SignInTenant);
        var subject = principal.FindFirstValue(AdminUiClaims.SubjectId);
        var name = principal.FindFirstValue(AdminUiClaims.Name);
        var tenant = principal.FindFirstValue(AdminUiClaims.Tenant);
        if (kind is null || signInTenant is null || subject is null || name is null || tenant is null)
        {
            return ScimError.Unauthorized("Sign in first.");
        }

        if (kind == AdminUiClaims.TokenKind)
        {
            var token = await tenants.GetTokenAsync(signInTenant, subject, cancellationToken);
            return token is not null && Usable(token) && tenant == signInTenant
                ? new AdminUiSession
                {
                    Kind = kind, Actor = token.Name, SignInTenant = signInTenant, SubjectId = subject, Tenant = tenant, Role = "Tenant token",
                }
                : ScimError.Unauthorized("The token of this session was revoked: sign in again.");
        }

        var user = await tenants.GetTenantAsync(signInTenant, cancellationToken) is null
            ? null
            : (await tenants.FindUsersInAllTenantsAsync(ScimText.Fold(name), cancellationToken))
                .FirstOrDefault(u => u.Tenant == signInTenant && u.Id == subject);
        if (user is null)
        {
            return ScimError.Unauthorized("Your user no longer exists: sign in again.");
        }

        var refusal = RefusalOf(user.Document, signInTenant);
        if (refusal is not null)
        {
            return refusal;
        }

        var roles = AccessRules.RolesOf(user.Document);
        var serviceAccount = AccessRules.ServiceAccountOf(user.Document).Enabled;
        var session = new AdminUiSession
        {
            Kind = kind, Actor = name, SignInTenant = signInTenant, SubjectId = subject, Tenant = tenant, Role = "Administrator",
            IsServiceAccount = serviceAccount,
        };
        if (HasRole(roles, ServerAdministratorRole))
        {
            // The Server Administrator owns every tenant (seeds: "Full access across all tenants").
            return await tenants.GetTenantAsync(tenant, cancellationToken) is null
                ? ScimError.NotFound($"Tenant '{tenant}' no longer exists: choose another.")
                : session with { Role = "Server Administrator", IsServerAdministrator = true };
        }

        if (tenant == signInTenant)
        {
            return session with { Scope = new AdministrationScope(AccessRules.OrganizationsOf(user.Document)) };
        }

        // A service account acts in another tenant as the user provisioned there, with that record's roles and organizations.
        var there = serviceAccount ? await FindUserAsync(tenant, name, cancellationToken) : null;
        if (there is null || RefusalOf(there.Document, tenant, homeTenant: signInTenant) is not null)
        {
            return ScimError.Forbidden($"You are not an active Administrator in tenant '{tenant}'.");
        }

        return HasRole(AccessRules.RolesOf(there.Document), ServerAdministratorRole)
            ? session with { Role = "Server Administrator" }
            : session with { Scope = new AdministrationScope(AccessRules.OrganizationsOf(there.Document)) };
    }

    /// <summary>The tenants this session may switch to: every tenant for a Server Administrator, those where a service account is provisioned.</summary>
    public async Task<IReadOnlyList<string>> TenantsOfAsync(AdminUiSession session, CancellationToken cancellationToken)
    {
        if (session.IsServerAdministrator)
        {
            return (await tenants.ListTenantsAsync(cancellationToken)).Select(t => t.Id).ToList();
        }

        if (!session.IsServiceAccount)
        {
            return [session.SignInTenant];
        }

        var provisioned = await tenants.FindUsersInAllTenantsAsync(ScimText.Fold(session.Actor), cancellationToken);
        return provisioned
            .Where(u => u.Tenant == session.SignInTenant || RefusalOf(u.Document, u.Tenant, homeTenant: session.SignInTenant) is null)
            .Select(u => u.Tenant)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public static ClaimsPrincipal WithTenant(ClaimsPrincipal principal, string tenant) => Principal(
        principal.FindFirstValue(AdminUiClaims.Kind)!,
        principal.FindFirstValue(AdminUiClaims.SignInTenant)!,
        principal.FindFirstValue(AdminUiClaims.SubjectId)!,
        principal.FindFirstValue(AdminUiClaims.Name)!,
        tenant);

    /// <summary>
    /// Why this user may not use the page (inactive, no managing role, a service account away from its home tenant),
    /// or null. <paramref name="homeTenant"/> is the tenant a service account signed in at, when it acts elsewhere.
    /// </summary>
    private static ScimError? RefusalOf(JObject user, string tenant, string? homeTenant = null)
    {
        if (user["active"]?.Type == JTokenType.Boolean && !(bool)user["active"]!)
        {
            return ScimError.Forbidden("Inactive users cannot sign in. Ask an administrator to reactivate your account.");
        }

        var roles = AccessRules.RolesOf(user);
        if (!HasRole(roles, ServerAdministratorRole) && !HasRole(roles, AdministratorRole))
        {
            return ScimError.Forbidden(
                $"User Management is for Server Administrators (TenantAdmin) and Administrators; your roles are {string.Join(", ", roles)}.");
        }

        var (enabled, home) = AccessRules.ServiceAccountOf(user);
        var expectedHome = homeTenant ?? tenant;
        if (enabled && home is not null && !string.Equals(home, expectedHome, StringComparison.Ordinal))
        {
            return ScimError.Forbidden($"A service account signs in at its home tenant '{home}', then switches to this one.");
        }

        return homeTenant is not null && !enabled ? ScimError.Forbidden("Only a service account acts in other tenants.") : null;
    }

    private static bool HasRole(IReadOnlyList<string> roles, string role) => roles.Contains(role, StringComparer.OrdinalIgnoreCase);

    private bool Usable(TokenRecord token) =>
        token.Revoked is null && (token.Expires is null || token.Expires > time.GetUtcNow()) && token.Kind == Core.Storage.TokenKind.Bearer;

    private async Task<StoredResource?> FindUserAsync(string tenant, string userName, CancellationToken cancellationToken) =>
        (await tenants.FindUsersInAllTenantsAsync(ScimText.Fold(userName), cancellationToken)).FirstOrDefault(u => u.Tenant == tenant);

    private async Task<ScimResult<ClaimsPrincipal>> RefuseAsync(
        HttpContext http, string? tenant, string userName, string? userId, string reason, ScimError error)
    {
        failures.RecordFailure(http, "User Management sign-in: " + reason);
        if (tenant is not null)
        {
            await AuditAsync(tenant, userName, "sign-in-failed", userId ?? "", http, reason, http.RequestAborted);
        }

        return error;
    }

    private Task AuditAsync(string tenant, string actor, string operation, string resourceId, HttpContext http, string summary, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEntry
            {
                Tenant = tenant,
                At = time.GetUtcNow(),
                Actor = actor,
                Operation = operation,
                ResourceType = "User",
                ResourceId = resourceId,
                RequestId = http.TraceIdentifier,
                Summary = summary,
            },
            cancellationToken);

    private static ClaimsPrincipal Principal(string kind, string signInTenant, string subject, string name, string tenant) =>
        new(new ClaimsIdentity(
            [
                new Claim(AdminUiClaims.Kind, kind),
                new Claim(AdminUiClaims.SignInTenant, signInTenant),
                new Claim(AdminUiClaims.SubjectId, subject),
                new Claim(AdminUiClaims.Name, name),
                new Claim(AdminUiClaims.Tenant, tenant),
            ],
            AdminUiClaims.Scheme,
            AdminUiClaims.Name,
            null));
}
