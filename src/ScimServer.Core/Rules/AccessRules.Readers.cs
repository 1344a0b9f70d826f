using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Rules;

public static partial class AccessRules
{
    /// <summary>The roles a stored user holds (after <see cref="Apply"/>, the access extension keeps the one set).</summary>
    public static IReadOnlyList<string> RolesOf(JObject document) => ExtensionRoles(document);

    /// <summary>The organizations a stored user belongs to.</summary>
    public static IReadOnlyList<string> OrganizationsOf(JObject document) => Strings(AccessOf(document)?[OrganizationsKey]);

    /// <summary>Whether a stored user is an enabled service account, and the home tenant it signs in at.</summary>
    public static (bool Enabled, string? HomeTenant) ServiceAccountOf(JObject document)
    {
        var serviceAccount = AccessOf(document)?[ServiceAccountKey] as JObject;
        var enabled = serviceAccount?[EnabledKey]?.Type == JTokenType.Boolean && (bool)serviceAccount[EnabledKey]!;
        return (enabled, (string?)serviceAccount?[HomeTenantKey]);
    }
}
