using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The <c>doc</c> column of a tenant (DESIGN.md: <c>{ roles: [{ name, serviceAccountEligible, system }], defaultRoles,
/// organizations }</c>). The field names are written here, not derived from <see cref="TenantRecord"/>, so renaming a
/// property never changes the stored form. A missing field reads as the record's default (a row written before the
/// role catalog existed holds <c>{}</c>).
/// </summary>
internal static class TenantDocument
{
    private const string Roles = "roles";
    private const string DefaultRoles = "defaultRoles";
    private const string Organizations = "organizations";
    private const string Name = "name";
    private const string DisplayName = "displayName";
    private const string ServiceAccountEligible = "serviceAccountEligible";
    private const string System = "system";

    public static string Write(TenantRecord tenant)
    {
        var document = new JObject
        {
            [Roles] = new JArray(tenant.Roles.Select(role => new JObject
            {
                [Name] = role.Name,
                [DisplayName] = role.DisplayName,
                [ServiceAccountEligible] = role.ServiceAccountEligible,
                [System] = role.System,
            })),
            [DefaultRoles] = new JArray(tenant.DefaultRoles),
            [Organizations] = new JArray(tenant.Organizations),
        };
        return ScimJson.Serialize(document);
    }

    /// <summary>The tenant with its catalog, default roles and organizations read from <paramref name="json"/>.</summary>
    public static TenantRecord Read(TenantRecord tenant, string json)
    {
        var document = ScimJson.ParseObject(json);
        if (document[Roles] is JArray roles)
        {
            tenant = tenant with
            {
                Roles = [.. roles.Select(role => new RoleDefinition(
                    Text(role, Name),
                    Text(role, DisplayName),
                    role.Value<bool>(ServiceAccountEligible),
                    role.Value<bool>(System)))],
            };
        }

        if (document[DefaultRoles] is JArray defaultRoles)
        {
            tenant = tenant with { DefaultRoles = [.. defaultRoles.Values<string>().OfType<string>()] };
        }

        if (document[Organizations] is JArray organizations)
        {
            tenant = tenant with { Organizations = [.. organizations.Values<string>().OfType<string>()] };
        }

        return tenant;
    }

    private static string Text(JToken role, string field) =>
        role.Value<string>(field) ?? throw new InvalidOperationException($"A stored tenant role has no '{field}'.");
}
