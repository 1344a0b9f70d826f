using System.Globalization;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Rules;

/// <summary>
/// What an Administrator may manage in its own tenant (Datanyx: "Each Account Admin can manage users across the
/// organizations they themselves have access to"): users who share one of its organizations, and users who belong to
/// none yet (so that a new user can be created and placed). It may add or remove only its own organizations, and may
/// neither grant nor take away the Server Administrator role (<c>TenantAdmin</c>), which owns every tenant. A Server
/// Administrator, a tenant token and SCIM clients have no scope: they act on the whole tenant.
/// </summary>
public sealed record AdministrationScope(IReadOnlyList<string> Organizations)
{
    public const string ServerAdministratorRole = "TenantAdmin";

    private static readonly string OrganizationsPath = $"{ScimSchemaUrns.AccessUser}:organizations";

    /// <summary>Whether a stored user is one this scope may see and change.</summary>
    public bool Covers(JObject storedUser)
    {
        var organizations = AccessRules.OrganizationsOf(storedUser);
        return organizations.Count == 0 || organizations.Any(Holds);
    }

    /// <summary>
    /// Refuses a write that leaves the scope: changing a user outside it, adding or removing an organization the
    /// administrator does not hold, or granting or removing <c>TenantAdmin</c>. <paramref name="existing"/> is null on create.
    /// </summary>
    public ScimError? CheckWrite(JObject document, JObject? existing)
    {
        if (existing is not null && !Covers(existing))
        {
            return ScimError.NotFound("The user is outside the organizations you manage.");
        }

        var before = existing is null ? [] : AccessRules.OrganizationsOf(existing);
        var after = AccessRules.OrganizationsOf(document);
        var changed = after.Except(before, StringComparer.OrdinalIgnoreCase)
            .Concat(before.Except(after, StringComparer.OrdinalIgnoreCase))
            .FirstOrDefault(o => !Holds(o));
        if (changed is not null)
        {
            return ScimError.Forbidden(
                $"Organization '{changed}' is not one of yours ({Describe()}): an Administrator manages only the organizations it belongs to.");
        }

        var hadServerAdministrator = existing is not null && HoldsServerAdministrator(existing);
        if (hadServerAdministrator != HoldsServerAdministrator(document))
        {
            return ScimError.Forbidden(
                $"Only a Server Administrator may grant or remove the role {ServerAdministratorRole}.");
        }

        return null;
    }

    /// <summary>
    /// A SCIM filter (RFC 7644 §3.4.2.2) that selects exactly the users <see cref="Covers"/> accepts, joined with the
    /// client's own filter by <c>and</c>: the store narrows the list, so paging and <c>totalResults</c> count only them.
    /// </summary>
    public string Restrict(string? filter)
    {
        var terms = new List<string> { $"not ({OrganizationsPath} pr)" };
        terms.AddRange(Organizations.Select(o => string.Create(CultureInfo.InvariantCulture, $"{OrganizationsPath} eq {Quote(o)}")));
        var scope = string.Join(" or ", terms);
        return string.IsNullOrWhiteSpace(filter) ? scope : $"({scope}) and ({filter})";
    }

    private bool Holds(string organization) => Organizations.Contains(organization, StringComparer.OrdinalIgnoreCase);

    private static bool HoldsServerAdministrator(JObject document) =>
        AccessRules.RolesOf(document).Contains(ServerAdministratorRole, StringComparer.OrdinalIgnoreCase);

    private string Describe() => Organizations.Count == 0 ? "none" : string.Join(", ", Organizations);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
