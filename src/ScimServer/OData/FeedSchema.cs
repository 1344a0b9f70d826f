using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// The entity sets of the access-review feed and, for each property, the SCIM attribute it shows: the one place that
/// maps OData names to SCIM paths. Every path is resolved through the schema registry at start-up (an unknown one
/// stops the server), so values are read from the stored document where the registry says they live.
/// </summary>
internal sealed class FeedSchema
{
    public const string Users = "Users";
    public const string Groups = "Groups";
    public const string RoleAssignments = "RoleAssignments";
    public const string OrganizationMemberships = "OrganizationMemberships";
    public const string ServiceAccounts = "ServiceAccounts";

    private const string Access = ScimSchemaUrns.AccessUser + ":";
    private const string RolesPath = Access + "roles";
    private const string OrganizationsPath = Access + "organizations";
    private const string PrimaryOrganizationPath = Access + "primaryOrganization";
    private const string ServiceAccountEnabledPath = Access + "serviceAccount.enabled";
    private const string HomeTenantPath = Access + "serviceAccount.homeTenant";

    private readonly AttributeResolver _resolver;
    private readonly ResourceTypeDefinition _user;
    private readonly ResourceTypeDefinition _group;

    public FeedSchema(AttributeResolver resolver)
    {
        _resolver = resolver;
        _user = resolver.Registry.GetResourceType(ScimResourceTypes.User);
        _group = resolver.Registry.GetResourceType(ScimResourceTypes.Group);

        var roles = Strings(_user, RolesPath);
        var organizations = Strings(_user, OrganizationsPath);
        var primaryOrganization = Text(_user, PrimaryOrganizationPath);

        Sets =
        [
            new FeedEntitySet(Users, _user,
            [
                Id(), Column(_user, "userName"), Column(_user, "displayName"), Column(_user, "givenName", "name.givenName"),
                Column(_user, "familyName", "name.familyName"), Email(), Column(_user, "externalId"), Column(_user, "active", whenAbsent: true),
                Column(_user, "roles", RolesPath), Column(_user, "organizations", OrganizationsPath),
                Column(_user, "primaryOrganization", PrimaryOrganizationPath), Column(_user, "serviceAccount", ServiceAccountEnabledPath, whenAbsent: false),
                Column(_user, "homeTenant", HomeTenantPath), Created(), LastModified(),
            ]),
            new FeedEntitySet(Groups, _group,
                [Id(), Column(_group, "displayName"), Column(_group, "externalId"), Created(), LastModified()]),
            new FeedEntitySet(RoleAssignments, _user,
            [
                UserId(),
                Item("role", RolesPath),
                Column(_user, "userName"), Column(_user, "displayName"), Column(_user, "active", whenAbsent: true),
                new FeedColumn("serviceAccountEligible", row => row.Tenant.FindRole(row.Item!)?.ServiceAccountEligible ?? false)
                {
                    IsRowLevel = true,
                    Narrow = (value, tenant) => value is bool eligible
                        ? AnyOf(RolesPath, tenant.Roles.Where(r => r.ServiceAccountEligible == eligible).Select(r => r.Name))
                        : null,
                },
                LastModified(),
            ])
            {
                BaseFilter = new PresentExpression(PathOf(RolesPath)),
                Items = roles,
            },
            new FeedEntitySet(OrganizationMemberships, _user,
            [
                UserId(),
                Item("organization", OrganizationsPath),
                Column(_user, "userName"), Column(_user, "displayName"), Column(_user, "active", whenAbsent: true),
                new FeedColumn("primary", row => string.Equals(primaryOrganization(row.Resource), row.Item, StringComparison.OrdinalIgnoreCase))
                {
                    IsRowLevel = true,
                    Narrow = (value, _) => value is true ? new PresentExpression(PathOf(PrimaryOrganizationPath)) : null,
                },
                LastModified(),
            ])
            {
                BaseFilter = new PresentExpression(PathOf(OrganizationsPath)),
                Items = organizations,
            },
            new FeedEntitySet(ServiceAccounts, _user,
            [
                Id(), Column(_user, "userName"), Column(_user, "displayName"), Column(_user, "active", whenAbsent: true),
                Column(_user, "homeTenant", HomeTenantPath), Column(_user, "roles", RolesPath), LastModified(),
            ])
            {
                BaseFilter = new ComparisonExpression(PathOf(ServiceAccountEnabledPath), ComparisonOperator.Eq, FilterLiteral.True),
            },
        ];
    }

    public IReadOnlyList<FeedEntitySet> Sets { get; }

    public FeedEntitySet? Find(string name) => Sets.FirstOrDefault(s => s.Name == name);

    private static FeedColumn Id() => new("id", row => row.Resource.Id) { ScimPath = "id" };

    private static FeedColumn UserId() => new("userId", row => row.Resource.Id) { ScimPath = "id" };

    private static FeedColumn Created() => new("created", row => row.Resource.Created) { ScimPath = "meta.created" };

    private static FeedColumn LastModified() => new("lastModified", row => row.Resource.LastModified) { ScimPath = "meta.lastModified" };

    private static FeedColumn Item(string name, string scimPath) => new(name, row => row.Item)
    {
        IsRowLevel = true,
        IsItem = true,
        Narrow = (value, _) => value is string text ? new ComparisonExpression(PathOf(scimPath), ComparisonOperator.Eq, FilterLiteral.String(text)) : null,
    };

    /// <summary><c>path eq "a" or path eq "b" …</c>; null (no narrowing) when there is no value.</summary>
    private static FilterExpression? AnyOf(string scimPath, IEnumerable<string> values) =>
        values.Select(v => (FilterExpression)new ComparisonExpression(PathOf(scimPath), ComparisonOperator.Eq, FilterLiteral.String(v)))
            .Aggregate((FilterExpression?)null, (all, one) => all is null ? one : new OrExpression(all, one));

    private static AttributePath PathOf(string scimPath) =>
        AttributePathText.TryParse(scimPath) ?? throw new InvalidOperationException($"'{scimPath}' is not an attribute path.");

    /// <summary>A column showing the SCIM attribute of the same name (or <paramref name="scimPath"/>), as stored.</summary>
    private FeedColumn Column(ResourceTypeDefinition resourceType, string name, string? scimPath = null, bool? whenAbsent = null)
    {
        scimPath ??= name;
        var resolved = Resolve(resourceType, scimPath);
        var path = LeafPath(resolved);
        var leaf = resolved.Leaf;
        Func<FeedRow, object?> read = resolved.Attribute.MultiValued
            ? row => StringsAt(row.Resource.Document, path)
            : leaf.Type == AttributeType.Boolean
                ? row => At(row.Resource.Document, path) is { Type: JTokenType.Boolean } flag ? (bool)flag : whenAbsent
                : row => At(row.Resource.Document, path) is { Type: JTokenType.String } text ? (string?)text : null;
        return new FeedColumn(name, read) { ScimPath = scimPath, IsCollection = resolved.Attribute.MultiValued, WhenAbsent = whenAbsent };
    }

    /// <summary>The primary email, else the first (RFC 7643 §2.4: at most one value is primary).</summary>
    private FeedColumn Email()
    {
        var path = LeafPath(Resolve(_user, "emails"));
        return new FeedColumn("email", row =>
        {
            var emails = (At(row.Resource.Document, path) as JArray)?.OfType<JObject>().ToList() ?? [];
            var chosen = emails.FirstOrDefault(e => e["primary"]?.Type == JTokenType.Boolean && (bool)e["primary"]!) ?? emails.FirstOrDefault();
            return chosen?["value"]?.Type == JTokenType.String ? (string?)chosen["value"] : null;
        });
    }

    private Func<StoredResource, IReadOnlyList<string>> Strings(ResourceTypeDefinition resourceType, string scimPath)
    {
        var path = LeafPath(Resolve(resourceType, scimPath));
        return resource => StringsAt(resource.Document, path)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private Func<StoredResource, string?> Text(ResourceTypeDefinition resourceType, string scimPath)
    {
        var path = LeafPath(Resolve(resourceType, scimPath));
        return resource => At(resource.Document, path) is { Type: JTokenType.String } text ? (string?)text : null;
    }

    private ResolvedAttribute Resolve(ResourceTypeDefinition resourceType, string scimPath) =>
        _resolver.TryResolve(resourceType, PathOf(scimPath), out var resolved, out var error)
            ? resolved
            : throw new InvalidOperationException($"The OData feed maps to '{scimPath}', which the schema does not define: {error}");

    private static IReadOnlyList<string> LeafPath(ResolvedAttribute resolved) =>
        resolved.SubAttribute is null ? resolved.StoragePath : [.. resolved.StoragePath, resolved.SubAttribute.Name];

    private static JToken? At(JObject document, IReadOnlyList<string> path)
    {
        JToken? token = document;
        foreach (var name in path)
        {
            token = (token as JObject)?[name];
        }

        return token;
    }

    private static List<string> StringsAt(JObject document, IReadOnlyList<string> path) =>
        (At(document, path) as JArray)?.Where(t => t.Type == JTokenType.String).Select(t => (string)t!).ToList() ?? [];
}
