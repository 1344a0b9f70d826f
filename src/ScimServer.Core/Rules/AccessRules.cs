using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Rules;

/// <summary>
/// The product's user-management rules (shared/seeds: mindzie Studio and Datanyx), applied to a user's stored
/// document on every write path — POST, PUT, PATCH, Bulk — after schema validation:
/// <list type="bullet">
/// <item>roles come from the tenant's catalog (named in the error otherwise), are additive, and a user holds at least
/// one (the tenant's default roles fill in); core <c>roles</c> (Entra ID's app roles) and the access extension's
/// <c>roles</c> stay one set;</item>
/// <item>the primary organization is one of the user's organizations (the first, when none is named), and cannot be
/// dropped from the list without naming a new one in the same request;</item>
/// <item>a service account needs an eligible role (TenantAdmin or Administrator by default) and an existing home
/// tenant, and cannot lose its last eligible role.</item>
/// </list>
/// </summary>
public static partial class AccessRules
{
    private const string Access = "access";
    private const string RolesKey = "roles";
    private const string OrganizationsKey = "organizations";
    private const string PrimaryOrganizationKey = "primaryOrganization";
    private const string ServiceAccountKey = "serviceAccount";
    private const string EnabledKey = "enabled";
    private const string HomeTenantKey = "homeTenant";
    private const string ValueKey = "value";

    /// <summary>The home tenant a service account names, for the caller to look up before <see cref="Apply"/>.</summary>
    public static string? HomeTenantOf(JObject document) =>
        (string?)AccessOf(document)?[ServiceAccountKey]?[HomeTenantKey];

    /// <summary>
    /// Checks and completes <paramref name="document"/> (the stored form, changed in place) against the tenant.
    /// <paramref name="existing"/> is the stored document before this write (null on create);
    /// <paramref name="homeTenantExists"/> says whether <see cref="HomeTenantOf"/> names a tenant that exists.
    /// </summary>
    public static ScimError? Apply(TenantRecord tenant, JObject document, JObject? existing, bool homeTenantExists)
    {
        var roles = ResolveRoles(tenant, document, existing);
        if (!roles.IsSuccess)
        {
            return roles.Error;
        }

        WriteRoles(document, roles.Value);

        var organizations = CheckOrganizations(tenant, document, existing);
        if (organizations is not null)
        {
            return organizations;
        }

        return CheckServiceAccount(tenant, document, existing, roles.Value, homeTenantExists);
    }

    private static ScimResult<List<string>> ResolveRoles(TenantRecord tenant, JObject document, JObject? existing)
    {
        var extensionRoles = ExtensionRoles(document);
        var coreRoles = CoreRoles(document);

        // One set from two attributes: on create their union; on a change, the attribute the request changed wins,
        // so removing a role through either attribute removes it (and a change to both takes their union).
        IEnumerable<string> requested;
        if (existing is null)
        {
            requested = extensionRoles.Concat(coreRoles);
        }
        else
        {
            var extensionChanged = !extensionRoles.SequenceEqual(ExtensionRoles(existing), StringComparer.OrdinalIgnoreCase);
            var coreChanged = !coreRoles.SequenceEqual(CoreRoles(existing), StringComparer.OrdinalIgnoreCase);
            requested = (extensionChanged, coreChanged) switch
            {
                (true, false) => extensionRoles,
                (false, true) => coreRoles,
                _ => extensionRoles.Concat(coreRoles),
            };
        }

        var resolved = new List<string>();
        foreach (var name in requested)
        {
            var role = tenant.FindRole(name);
            if (role is null)
            {
                return ScimError.InvalidValue(
                    $"Role '{name}' is not in the role catalog of tenant '{tenant.Id}' ({string.Join(", ", tenant.Roles.Select(r => r.Name))}).");
            }

            if (!resolved.Contains(role.Name, StringComparer.Ordinal))
            {
                resolved.Add(role.Name);
            }
        }

        if (resolved.Count == 0)
        {
            // Every user holds at least one role (Datanyx: "At least one role is required").
            resolved.AddRange(tenant.DefaultRoles);
        }

        return resolved;
    }

    private static void WriteRoles(JObject document, List<string> roles)
    {
        var access = EnsureAccess(document);
        access[RolesKey] = new JArray(roles);

        // Keep the client's sub-attributes (display, type, primary) of core roles it sent; add the others by value.
        // A role may come twice — a PATCH add of a role the user holds appends it beside the held one, the default
        // role included — so the sub-attributes of its elements merge, the later (the newly sent) winning.
        var sent = new Dictionary<string, JObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in (document[RolesKey] as JArray ?? []).OfType<JObject>().Where(r => r[ValueKey]?.Type == JTokenType.String))
        {
            if (sent.TryGetValue((string)element[ValueKey]!, out var merged))
            {
                merged.Merge(element, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });
            }
            else
            {
                sent[(string)element[ValueKey]!] = (JObject)element.DeepClone();
            }
        }

        document[RolesKey] = new JArray(roles.Select(role =>
        {
            var element = sent.TryGetValue(role, out var original) ? (JObject)original.DeepClone() : new JObject();
            element[ValueKey] = role;
            return element;
        }));

        var schemas = document["schemas"] as JArray;
        if (schemas is not null && !schemas.Any(s => (string?)s == ScimSchemaUrns.AccessUser))
        {
            schemas.Add(ScimSchemaUrns.AccessUser);
        }
    }

    private static ScimError? CheckOrganizations(TenantRecord tenant, JObject document, JObject? existing)
    {
        var access = EnsureAccess(document);
        var organizations = Strings(access[OrganizationsKey]);
        var primary = (string?)access[PrimaryOrganizationKey];
        var previousPrimary = existing is null ? null : (string?)AccessOf(existing)?[PrimaryOrganizationKey];

        if (tenant.Organizations.Count > 0)
        {
            var unknown = organizations.FirstOrDefault(o => !tenant.Organizations.Contains(o, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
            {
                return ScimError.InvalidValue($"Organization '{unknown}' is not an organization of tenant '{tenant.Id}'.");
            }
        }

        if (previousPrimary is not null
            && !organizations.Contains(previousPrimary, StringComparer.OrdinalIgnoreCase)
            && (primary is null || string.Equals(primary, previousPrimary, StringComparison.OrdinalIgnoreCase)))
        {
            return ScimError.InvalidValue(
                $"'{previousPrimary}' is the primary organization: name a new primaryOrganization in the same request to remove it.");
        }

        if (primary is not null && !organizations.Contains(primary, StringComparer.OrdinalIgnoreCase))
        {
            return ScimError.InvalidValue($"primaryOrganization '{primary}' must be one of the user's organizations.");
        }

        if (primary is null && organizations.Count > 0)
        {
            access[PrimaryOrganizationKey] = organizations[0];
        }

        return null;
    }

    private static ScimError? CheckServiceAccount(TenantRecord tenant, JObject document, JObject? existing, List<string> roles, bool homeTenantExists)
    {
        var serviceAccount = AccessOf(document)?[ServiceAccountKey] as JObject;
        if (serviceAccount?[EnabledKey]?.Type != JTokenType.Boolean || !(bool)serviceAccount[EnabledKey]!)
        {
            return null;
        }

        var eligible = tenant.Roles.Where(r => r.ServiceAccountEligible).Select(r => r.Name).ToList();
        if (!roles.Any(r => eligible.Contains(r, StringComparer.Ordinal)))
        {
            var wasServiceAccount = existing is not null
                && AccessOf(existing)?[ServiceAccountKey]?[EnabledKey]?.Type == JTokenType.Boolean
                && (bool)AccessOf(existing)![ServiceAccountKey]![EnabledKey]!;
            return ScimError.InvalidValue(wasServiceAccount
                ? $"This user is a service account: it must keep one of the roles {string.Join(", ", eligible)}. Disable serviceAccount first to remove the last of them."
                : $"A service account must hold one of the roles {string.Join(", ", eligible)}.");
        }

        var homeTenant = (string?)serviceAccount[HomeTenantKey];
        if (string.IsNullOrWhiteSpace(homeTenant))
        {
            return ScimError.InvalidValue("A service account needs serviceAccount.homeTenant: the tenant it signs in at.");
        }

        return homeTenantExists ? null : ScimError.InvalidValue($"serviceAccount.homeTenant '{homeTenant}' is not a tenant.");
    }

    private static List<string> ExtensionRoles(JObject document) => Strings(AccessOf(document)?[RolesKey]);

    private static List<string> CoreRoles(JObject document) =>
        (document[RolesKey] as JArray ?? []).OfType<JObject>()
            .Select(r => r[ValueKey])
            .Where(v => v?.Type == JTokenType.String)
            .Select(v => (string)v!)
            .ToList();

    private static List<string> Strings(JToken? token) =>
        (token as JArray ?? []).Where(t => t.Type == JTokenType.String).Select(t => (string)t!).ToList();

    private static JObject? AccessOf(JObject document) => document[AttributeResolver.ExtensionStorageKey]?[Access] as JObject;

    private static JObject EnsureAccess(JObject document)
    {
        if (document[AttributeResolver.ExtensionStorageKey] is not JObject extensions)
        {
            document[AttributeResolver.ExtensionStorageKey] = extensions = new JObject();
        }

        if (extensions[Access] is not JObject access)
        {
            extensions[Access] = access = new JObject();
        }

        return access;
    }
}
