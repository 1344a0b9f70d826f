using System.Reflection;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Schema;

/// <summary>
/// The schemas and resource types of <c>schemas/</c>, loaded once at start-up. Everything that needs to know
/// an attribute (validation, filters, PATCH, projection, <c>/Schemas</c>) asks this registry.
/// </summary>
public sealed class SchemaRegistry
{
    private const string ResourcePrefix = "schemas/";
    private const string StorageAliasKey = "x-storageAlias";
    private const string SearchKeysKey = "x-searchKeys";

    private readonly Dictionary<string, SchemaDefinition> _schemas;
    private readonly Dictionary<string, ResourceTypeDefinition> _resourceTypes;

    private SchemaRegistry(
        IReadOnlyList<SchemaDefinition> schemas,
        IReadOnlyList<ResourceTypeDefinition> resourceTypes,
        IReadOnlyList<AttributeDefinition> commonAttributes)
    {
        Schemas = schemas;
        ResourceTypes = resourceTypes;
        CommonAttributes = commonAttributes;
        _schemas = schemas.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        _resourceTypes = resourceTypes.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<SchemaDefinition> Schemas { get; }
    public IReadOnlyList<ResourceTypeDefinition> ResourceTypes { get; }

    /// <summary>RFC 7643 §3.1 attributes of every resource: id, externalId, meta.</summary>
    public IReadOnlyList<AttributeDefinition> CommonAttributes { get; }

    /// <summary>
    /// The <c>schemas</c> attribute itself (RFC 7643 §3): not in any schema file, but filterable
    /// (<c>schemas eq "urn:…:enterprise:2.0:User"</c> is an RFC 7644 §3.4.2.2 example).
    /// </summary>
    public AttributeDefinition SchemasAttribute { get; } = new()
    {
        Name = "schemas",
        Type = AttributeType.Reference,
        MultiValued = true,
        CaseExact = true,
        Required = true,
        Mutability = Mutability.ReadWrite,
        Returned = Returned.Always,
        ReferenceTypes = ["uri"],
    };

    /// <summary>
    /// Whether <paramref name="attribute"/> of <paramref name="resourceType"/> lives in the membership edges, not in the
    /// document (DESIGN.md: one edge per member): a group's <c>members</c> and a user's <c>groups</c>.
    /// </summary>
    public static bool IsMembershipAttribute(ResourceTypeDefinition resourceType, AttributeDefinition attribute) =>
        (resourceType.Schema.Id == ScimSchemaUrns.Group && attribute.Name == MembersAttribute)
        || (resourceType.Schema.Id == ScimSchemaUrns.User && attribute.Name == GroupsAttribute);

    public const string MembersAttribute = "members";

    /// <summary>
    /// Whether <paramref name="attribute"/>, resolved in <paramref name="schema"/>, is a user's own <c>active</c>
    /// (RFC 7643 §4.1.1), not an extension's attribute of that name.
    /// </summary>
    public static bool IsUserActiveAttribute(ResourceTypeDefinition resourceType, SchemaDefinition? schema, AttributeDefinition attribute) =>
        resourceType.Schema.Id == ScimSchemaUrns.User && schema?.Id == ScimSchemaUrns.User && attribute.Name == ActiveAttribute;

    /// <summary>A user's <c>active</c> (RFC 7643 §4.1.1): its turning off or on is what deactivate and activate events tell.</summary>
    public const string ActiveAttribute = "active";
    public const string GroupsAttribute = "groups";

    public SchemaDefinition? FindSchema(string urn) => _schemas.GetValueOrDefault(urn);

    public ResourceTypeDefinition? FindResourceType(string name) => _resourceTypes.GetValueOrDefault(name);

    /// <summary>The resource type served at <paramref name="endpoint"/> (e.g. <c>/Users</c>), case-insensitively, or null.</summary>
    public ResourceTypeDefinition? FindResourceTypeByEndpoint(string endpoint) =>
        ResourceTypes.FirstOrDefault(t => string.Equals(t.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase));

    public ResourceTypeDefinition GetResourceType(string name) =>
        FindResourceType(name) ?? throw new ArgumentException($"Unknown resource type '{name}'.", nameof(name));

    public AttributeDefinition? FindCommonAttribute(string name) =>
        CommonAttributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Loads the schema files embedded in this assembly from the repository's <c>schemas/</c> folder.</summary>
    public static SchemaRegistry LoadEmbedded()
    {
        var assembly = typeof(SchemaRegistry).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                files[name[ResourcePrefix.Length..]] = ReadResource(assembly, name);
            }
        }

        return Load(files);
    }

    /// <summary>Loads from file contents keyed by their path under <c>schemas/</c> (e.g. <c>resourcetypes/User.json</c>).</summary>
    public static SchemaRegistry Load(IReadOnlyDictionary<string, string> files)
    {
        IReadOnlyList<AttributeDefinition> common = [];
        var schemas = new List<SchemaDefinition>();
        var resourceTypeJson = new List<JObject>();

        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var json = ScimJson.ParseObject(text);
            if (path.StartsWith("resourcetypes/", StringComparison.Ordinal))
            {
                resourceTypeJson.Add(json);
            }
            else if (path == "common.json")
            {
                common = ReadAttributes(json["attributes"], path);
            }
            else
            {
                schemas.Add(ReadSchema(json, path));
            }
        }

        var byId = schemas.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        var resourceTypes = resourceTypeJson.Select(json => ReadResourceType(json, byId)).ToList();
        return new SchemaRegistry(schemas, resourceTypes, common);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SchemaDefinition ReadSchema(JObject json, string path)
    {
        var alias = (string?)json[StorageAliasKey];
        var representation = (JObject)json.DeepClone();
        representation.Remove(StorageAliasKey);
        return new SchemaDefinition
        {
            Id = Require(json, "id", path),
            Name = Require(json, "name", path),
            Description = (string?)json["description"] ?? "",
            Attributes = ReadAttributes(json["attributes"], path),
            StorageAlias = alias,
            Representation = representation,
        };
    }

    private static ResourceTypeDefinition ReadResourceType(JObject json, Dictionary<string, SchemaDefinition> schemas)
    {
        var name = Require(json, "name", "resourcetypes");
        SchemaDefinition FindOrThrow(string urn) => schemas.GetValueOrDefault(urn)
            ?? throw new InvalidOperationException($"Resource type '{name}' names the unknown schema '{urn}'.");

        var extensions = (json["schemaExtensions"] as JArray ?? [])
            .Select(e => new SchemaExtensionReference(FindOrThrow((string)e["schema"]!), (bool?)e["required"] ?? false))
            .ToList();

        foreach (var extension in extensions)
        {
            if (string.IsNullOrEmpty(extension.Schema.StorageAlias))
            {
                throw new InvalidOperationException(
                    $"Extension '{extension.Schema.Id}' needs an \"{StorageAliasKey}\" to be stored under.");
            }
        }

        var schema = FindOrThrow(Require(json, "schema", name));
        var searchKeys = (json[SearchKeysKey] as JArray ?? [])
            .Select(path => ReadSearchKeyPath(schema, (string?)path, name))
            .ToList();
        var representation = (JObject)json.DeepClone();
        representation.Remove(SearchKeysKey);
        return new ResourceTypeDefinition
        {
            Name = name,
            Endpoint = Require(json, "endpoint", name),
            Schema = schema,
            Extensions = extensions,
            Representation = representation,
            SearchKeys = searchKeys,
        };
    }

    /// <summary>
    /// A declared search key: a string attribute of the core schema, or a string sub-attribute of a complex one.
    /// Only core attributes, so that the declared name is also the stored path.
    /// </summary>
    private static SearchKeyPath ReadSearchKeyPath(SchemaDefinition schema, string? path, string resourceType)
    {
        var parts = path?.Split('.') ?? [];
        var attribute = parts.Length is 1 or 2 ? schema.FindAttribute(parts[0]) : null;
        var sub = parts.Length == 2 ? attribute?.FindSubAttribute(parts[1]) : null;
        var leaf = parts.Length == 2 ? sub : attribute;
        if (attribute is null || leaf is null || leaf.Type != AttributeType.String || leaf.MultiValued && sub is not null)
        {
            throw new InvalidOperationException(
                $"Resource type '{resourceType}': search key '{path}' must name a string attribute or sub-attribute of '{schema.Id}'.");
        }

        return new SearchKeyPath { Name = path!, Attribute = attribute, SubAttribute = sub };
    }

    private static IReadOnlyList<AttributeDefinition> ReadAttributes(JToken? token, string path) =>
        (token as JArray ?? throw new InvalidOperationException($"{path}: \"attributes\" must be an array."))
        .Cast<JObject>()
        .Select(a => ReadAttribute(a, path))
        .ToList();

    private static AttributeDefinition ReadAttribute(JObject json, string path)
    {
        var name = Require(json, "name", path);
        return new AttributeDefinition
        {
            Name = name,
            Type = ParseEnum<AttributeType>(json, "type", path, AttributeType.String),
            MultiValued = (bool?)json["multiValued"] ?? false,
            Description = (string?)json["description"] ?? "",
            Required = (bool?)json["required"] ?? false,
            CaseExact = (bool?)json["caseExact"] ?? false,
            Mutability = ParseEnum(json, "mutability", path, Mutability.ReadWrite),
            Returned = ParseEnum(json, "returned", path, Returned.Default),
            Uniqueness = ParseEnum(json, "uniqueness", path, Uniqueness.None),
            CanonicalValues = json["canonicalValues"]?.Values<string>().OfType<string>().ToList() ?? [],
            ReferenceTypes = json["referenceTypes"]?.Values<string>().OfType<string>().ToList() ?? [],
            SubAttributes = json["subAttributes"] is JArray subs ? ReadAttributes(subs, $"{path}:{name}") : [],
        };
    }

    private static T ParseEnum<T>(JObject json, string key, string path, T fallback)
        where T : struct, Enum
    {
        var text = (string?)json[key];
        if (text is null)
        {
            return fallback;
        }

        return Enum.TryParse<T>(text, ignoreCase: true, out var value)
            ? value
            : throw new InvalidOperationException($"{path}: '{text}' is not a valid {key}.");
    }

    private static string Require(JObject json, string key, string path) =>
        (string?)json[key] ?? throw new InvalidOperationException($"{path}: \"{key}\" is required.");
}
