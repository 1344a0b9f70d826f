using ScimServer.Core.Filtering;

namespace ScimServer.Core.Schema;

/// <summary>Resolves client-written attribute paths (case-insensitively, RFC 7643 §2.1) to schema definitions.</summary>
public sealed class AttributeResolver(SchemaRegistry registry)
{
    public const string ExtensionStorageKey = "ext";

    public SchemaRegistry Registry { get; } = registry;

    /// <summary>
    /// Resolves <paramref name="path"/> for <paramref name="resourceType"/>. An unqualified name is looked up among
    /// the common attributes, then the core schema, then — as a tolerance for clients that omit the URN — an
    /// extension that alone defines it. <paramref name="error"/> says what is wrong, for the caller's scimType.
    /// </summary>
    public bool TryResolve(ResourceTypeDefinition resourceType, AttributePath path, out ResolvedAttribute resolved, out string error)
    {
        resolved = null!;
        if (!TryFindAttribute(resourceType, path, out var schema, out var attribute, out error))
        {
            return false;
        }

        AttributeDefinition? sub = null;
        if (path.SubAttributeName is not null)
        {
            sub = attribute.FindSubAttribute(path.SubAttributeName);
            if (sub is null)
            {
                error = attribute.IsComplex
                    ? $"'{attribute.Name}' has no sub-attribute '{path.SubAttributeName}'."
                    : $"'{attribute.Name}' is not complex and has no sub-attribute '{path.SubAttributeName}'.";
                return false;
            }
        }

        resolved = new ResolvedAttribute(schema, attribute, sub, StoragePathOf(schema, attribute));
        return true;
    }

    /// <summary>The schema a URN names for this resource type (its core schema or one of its extensions), or null.</summary>
    public static SchemaDefinition? FindSchemaOf(ResourceTypeDefinition resourceType, string urn) =>
        string.Equals(resourceType.Schema.Id, urn, StringComparison.OrdinalIgnoreCase)
            ? resourceType.Schema
            : resourceType.FindExtension(urn)?.Schema;

    public static IReadOnlyList<string> StoragePathOf(SchemaDefinition? schema, AttributeDefinition attribute) =>
        schema?.StorageAlias is { } alias ? [ExtensionStorageKey, alias, attribute.Name] : [attribute.Name];

    private bool TryFindAttribute(
        ResourceTypeDefinition resourceType,
        AttributePath path,
        out SchemaDefinition? schema,
        out AttributeDefinition attribute,
        out string error)
    {
        error = "";
        attribute = null!;
        schema = null;

        if (path.SchemaUrn is not null)
        {
            schema = FindSchemaOf(resourceType, path.SchemaUrn);
            if (schema is null)
            {
                error = $"'{path.SchemaUrn}' is not a schema of the {resourceType.Name} resource.";
                return false;
            }

            var found = schema.FindAttribute(path.AttributeName);
            if (found is null && schema == resourceType.Schema)
            {
                found = Registry.FindCommonAttribute(path.AttributeName);
                schema = found is null ? schema : null;
            }

            if (found is null)
            {
                error = $"'{path.AttributeName}' is not an attribute of '{path.SchemaUrn}'.";
                return false;
            }

            attribute = found;
            return true;
        }

        if (string.Equals(path.AttributeName, Registry.SchemasAttribute.Name, StringComparison.OrdinalIgnoreCase))
        {
            attribute = Registry.SchemasAttribute;
            return true;
        }

        if (Registry.FindCommonAttribute(path.AttributeName) is { } common)
        {
            attribute = common;
            return true;
        }

        if (resourceType.Schema.FindAttribute(path.AttributeName) is { } core)
        {
            schema = resourceType.Schema;
            attribute = core;
            return true;
        }

        var matches = resourceType.Extensions
            .Select(e => (e.Schema, Attribute: e.Schema.FindAttribute(path.AttributeName)))
            .Where(m => m.Attribute is not null)
            .ToList();
        if (matches.Count == 1)
        {
            schema = matches[0].Schema;
            attribute = matches[0].Attribute!;
            return true;
        }

        error = matches.Count == 0
            ? $"'{path.AttributeName}' is not an attribute of the {resourceType.Name} resource."
            : $"'{path.AttributeName}' is ambiguous: qualify it with its schema URN.";
        return false;
    }
}
