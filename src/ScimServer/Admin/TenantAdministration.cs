using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Security;

namespace ScimServer.Admin;

/// <summary>
/// What the admin API does: tenants with their role catalog, default roles and organizations; their tokens and OAuth
/// clients (secrets shown once, stored as SHA-256); the audit log; the cross-tenant view of service accounts.
/// </summary>
internal sealed partial class TenantAdministration(
    ITenantStore tenants,
    ResourceService resources,
    TimeProvider time)
{
    /// <summary>The role a tenant's first administrator gets: the broadest one (the seeds' sign-up user).</summary>
    private const string HighestRole = "TenantAdmin";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9 _.-]{0,63}$")]
    private static partial Regex RoleNamePattern();

    public async Task<ScimResult<(TenantRecord Tenant, JObject? FirstAdmin)>> CreateTenantAsync(
        JToken body, ScimCaller caller, string baseUrl, CancellationToken cancellationToken)
    {
        if (body is not JObject input)
        {
            return ScimError.InvalidSyntax("The body must be a JSON object: {\"id\", \"name\", \"firstAdmin\"?}.");
        }

        var id = (string?)input["id"];
        if (id is null || !TenantIdPattern().IsMatch(id))
        {
            return ScimError.InvalidValue("'id' must be 1-63 lower-case letters, digits or '-', starting with a letter or digit.");
        }

        var tenant = new TenantRecord { Id = id, Name = (string?)input["name"] ?? id, Created = time.GetUtcNow() };
        var configured = ApplySettings(tenant, input);
        if (!configured.IsSuccess)
        {
            return configured.Error;
        }

        var create = Entry(id, caller, "tenant.create", "Tenant", id, null);
        if (await tenants.CreateTenantAsync(configured.Value, create, cancellationToken) == StoreOutcome.Conflict)
        {
            return ScimError.Conflict($"Tenant '{id}' already exists.");
        }

        JObject? firstAdmin = null;
        if (input["firstAdmin"] is JObject admin)
        {
            // The tenant and its first administrator come together or not at all, whether the administrator is
            // refused or its write fails.
            ScimResult<JObject> created;
            try
            {
                created = await CreateFirstAdminAsync(configured.Value, admin, caller, baseUrl, cancellationToken);
            }
            catch
            {
                await tenants.DeleteTenantAsync(id, cancellationToken: CancellationToken.None);
                throw;
            }

            if (!created.IsSuccess)
            {
                await tenants.DeleteTenantAsync(id, cancellationToken: cancellationToken);
                return created.Error;
            }

            firstAdmin = created.Value;
        }

        return (configured.Value, firstAdmin);
    }

    public async Task<ScimResult<TenantRecord>> UpdateTenantAsync(string id, JToken body, ScimCaller caller, CancellationToken cancellationToken)
    {
        if (body is not JObject input)
        {
            return ScimError.InvalidSyntax("The body must be a JSON object of the settings to change.");
        }

        var tenant = await tenants.GetTenantAsync(id, cancellationToken);
        if (tenant is null)
        {
            return ScimError.NotFound($"Tenant '{id}' not found.");
        }

        var updated = ApplySettings(tenant with { Name = (string?)input["name"] ?? tenant.Name }, input);
        if (!updated.IsSuccess)
        {
            return updated.Error;
        }

        var update = Entry(id, caller, "tenant.update", "Tenant", id, null);
        if (await tenants.UpdateTenantAsync(updated.Value, update, cancellationToken) == StoreOutcome.NotFound)
        {
            return ScimError.NotFound($"Tenant '{id}' not found.");
        }

        return updated.Value;
    }

    /// <summary>Deletes the tenant with its users, groups and tokens; its audit log stays, with this deletion last in it.</summary>
    public async Task<ScimError?> DeleteTenantAsync(string id, ScimCaller caller, CancellationToken cancellationToken)
    {
        var delete = Entry(id, caller, "tenant.delete", "Tenant", id, null);
        if (await tenants.DeleteTenantAsync(id, delete, cancellationToken) != StoreOutcome.Ok)
        {
            return ScimError.NotFound($"Tenant '{id}' not found.");
        }

        return null;
    }

    public async Task<ScimResult<(TokenRecord Token, string Secret)>> CreateTokenAsync(
        string tenantId, JToken body, TokenKind kind, ScimCaller caller, CancellationToken cancellationToken)
    {
        if (await tenants.GetTenantAsync(tenantId, cancellationToken) is null)
        {
            return ScimError.NotFound($"Tenant '{tenantId}' not found.");
        }

        var name = (body as JObject)?["name"];
        if (name?.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)name))
        {
            return ScimError.InvalidValue("'name' is required: say who the token is for (e.g. \"entra\").");
        }

        DateTimeOffset? expires = null;
        if ((body as JObject)?["expiresInDays"] is { Type: JTokenType.Integer } days)
        {
            if ((int)days <= 0)
            {
                return ScimError.InvalidValue("'expiresInDays' must be positive.");
            }

            expires = time.GetUtcNow().AddDays((int)days);
        }

        var secret = TokenSecrets.NewSecret();
        var token = new TokenRecord
        {
            Id = Guid.CreateVersion7().ToString(),
            Tenant = tenantId,
            Name = (string)name!,
            Sha256 = TokenSecrets.Hash(secret),
            Created = time.GetUtcNow(),
            Expires = expires,
            Kind = kind,
        };
        var operation = kind == TokenKind.OAuthClient ? "client.create" : "token.create";
        await tenants.CreateTokenAsync(token, Entry(tenantId, caller, operation, "Token", token.Id, token.Name), cancellationToken);
        return (token, secret);
    }

    public async Task<ScimError?> RevokeTokenAsync(string tenantId, string tokenId, ScimCaller caller, CancellationToken cancellationToken)
    {
        var revoke = Entry(tenantId, caller, "token.revoke", "Token", tokenId, null);
        if (await tenants.RevokeTokenAsync(tenantId, tokenId, time.GetUtcNow(), revoke, cancellationToken) == StoreOutcome.NotFound)
        {
            return ScimError.NotFound($"Token '{tokenId}' not found in tenant '{tenantId}'.");
        }

        return null;
    }

    public async Task<ScimResult<JObject>> ServiceAccountsAsync(string userName, CancellationToken cancellationToken)
    {
        var users = await tenants.FindUsersInAllTenantsAsync(ScimText.Fold(userName), cancellationToken);
        var access = users.Select(u => (User: u, Access: u.Document[AttributeResolver.ExtensionStorageKey]?["access"] as JObject)).ToList();
        return new JObject
        {
            ["userName"] = userName,
            ["homeTenant"] = access.Select(a => (string?)a.Access?["serviceAccount"]?["homeTenant"]).FirstOrDefault(h => h is not null),
            ["tenants"] = new JArray(access.Select(a => new JObject
            {
                ["tenant"] = a.User.Tenant,
                ["id"] = a.User.Id,
                ["active"] = a.User.Document["active"]?.DeepClone() ?? true,
                ["roles"] = a.Access?["roles"]?.DeepClone() ?? new JArray(),
                ["serviceAccount"] = a.Access?["serviceAccount"]?.DeepClone() ?? new JObject { ["enabled"] = false },
            })),
        };
    }

    private async Task<ScimResult<JObject>> CreateFirstAdminAsync(
        TenantRecord tenant, JObject admin, ScimCaller caller, string baseUrl, CancellationToken cancellationToken)
    {
        var userName = (string?)admin["userName"];
        if (string.IsNullOrWhiteSpace(userName))
        {
            return ScimError.InvalidValue("'firstAdmin.userName' is required (the sign-up email).");
        }

        var body = new JObject
        {
            ["schemas"] = new JArray(ScimSchemaUrns.User, ScimSchemaUrns.AccessUser),
            ["userName"] = userName,
            [ScimSchemaUrns.AccessUser] = new JObject { ["roles"] = new JArray(HighestRole) },
        };
        if (userName.Contains('@', StringComparison.Ordinal))
        {
            body["emails"] = new JArray(new JObject { ["value"] = userName, ["type"] = "work", ["primary"] = true });
        }

        foreach (var key in new[] { "name", "displayName" })
        {
            if (admin[key] is { } value)
            {
                body[key] = value.DeepClone();
            }
        }

        var context = new ScimRequestContext(tenant.Id, $"{baseUrl}/tenants/{tenant.Id}/scim/v2") { Actor = caller.TokenName };
        var created = await resources.CreateAsync(
            context, resources.Registry.GetResourceType(ScimResourceTypes.User), body, AttributeSelection.Default, cancellationToken);
        return created.IsSuccess ? created.Value.Body : created.Error;
    }

    /// <summary>Applies <c>roles</c> (custom roles), <c>defaultRoles</c> and <c>organizations</c> of a request to a tenant.</summary>
    private static ScimResult<TenantRecord> ApplySettings(TenantRecord tenant, JObject input)
    {
        var roles = tenant.Roles;
        if (input["roles"] is { } rolesToken)
        {
            if (rolesToken is not JArray customRoles)
            {
                return ScimError.InvalidValue("'roles' must be an array of custom roles: [{\"name\", \"displayName\"?, \"serviceAccountEligible\"?}].");
            }

            var catalog = TenantRecord.SystemRoles.ToList();
            foreach (var item in customRoles)
            {
                var name = (string?)item["name"];
                if (name is null || !RoleNamePattern().IsMatch(name))
                {
                    return ScimError.InvalidValue($"Role name '{name}' is not valid: a letter, then letters, digits, space, '_', '.', '-' (64 at most).");
                }

                if (catalog.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    // System roles are fixed; a custom role may not reuse a name.
                    if (TenantRecord.SystemRoles.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    return ScimError.InvalidValue($"Role '{name}' appears more than once.");
                }

                catalog.Add(new RoleDefinition(name, (string?)item["displayName"] ?? name, (bool?)item["serviceAccountEligible"] ?? false, System: false));
            }

            roles = catalog;
        }

        var defaultRoles = tenant.DefaultRoles;
        if (input["defaultRoles"] is { } defaultsToken)
        {
            var names = (defaultsToken as JArray)?.Select(t => (string?)t).ToList();
            if (names is null || names.Count == 0 || names.Any(n => n is null))
            {
                return ScimError.InvalidValue("'defaultRoles' must be a non-empty array of role names: every user holds at least one role.");
            }

            var resolved = new List<string>();
            foreach (var name in names)
            {
                var role = roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
                if (role is null)
                {
                    return ScimError.InvalidValue($"Default role '{name}' is not in the tenant's role catalog.");
                }

                resolved.Add(role.Name);
            }

            defaultRoles = resolved;
        }
        else if (defaultRoles.Any(d => !roles.Any(r => r.Name == d)))
        {
            return ScimError.InvalidValue("The default roles must stay in the role catalog.");
        }

        var organizations = tenant.Organizations;
        if (input["organizations"] is { } organizationsToken)
        {
            var names = (organizationsToken as JArray)?.Select(t => (string?)t).ToList();
            if (names is null || names.Any(string.IsNullOrWhiteSpace))
            {
                return ScimError.InvalidValue("'organizations' must be an array of organization names.");
            }

            organizations = names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => n!).ToList();
        }

        return tenant with { Roles = roles, DefaultRoles = defaultRoles, Organizations = organizations };
    }

    /// <summary>The audit entry of an admin write; the store appends it in the write's own transaction.</summary>
    private AuditEntry Entry(string tenant, ScimCaller caller, string operation, string resourceType, string resourceId, string? summary) => new()
    {
        Tenant = tenant,
        At = time.GetUtcNow(),
        Actor = caller.TokenName,
        Operation = operation,
        ResourceType = resourceType,
        ResourceId = resourceId,
        Summary = summary,
    };
}
