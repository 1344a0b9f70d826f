using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// The copy of a resource's SCIM representation that a request patches: core and common attributes at the top,
/// each extension's attributes in an object under its schema URN. Keeps <c>schemas</c> in step with the extensions
/// the request touches.
/// </summary>
internal sealed class ResourceDocument(ResourceTypeDefinition resourceType, JObject root)
{
    private const string SchemasKey = "schemas";

    private readonly HashSet<SchemaDefinition> _touchedExtensions = [];

    public JToken? Get(PatchTarget target) =>
        Container(target.Schema, create: false) is { } container ? ComplexValue.Get(container, AttributeName(target)) : null;

    public void Set(PatchTarget target, JToken value)
    {
        Touch(target.Schema);
        ComplexValue.Set(Container(target.Schema, create: true)!, AttributeName(target), value);
    }

    public void Remove(PatchTarget target)
    {
        Touch(target.Schema);
        if (Container(target.Schema, create: false) is { } container)
        {
            ComplexValue.Remove(container, AttributeName(target));
        }
    }

    public void RemoveExtension(SchemaDefinition extension)
    {
        _touchedExtensions.Add(extension);
        ComplexValue.Remove(root, extension.Id);
    }

    /// <summary>
    /// The patched document. An extension the request gave its first attribute joins <c>schemas</c>; one it emptied
    /// leaves the document and <c>schemas</c>.
    /// </summary>
    public JObject Complete()
    {
        foreach (var extension in resourceType.Extensions.Select(e => e.Schema).Where(_touchedExtensions.Contains))
        {
            var schemas = ComplexValue.Get(root, SchemasKey) as JArray;
            var listed = schemas?.FirstOrDefault(s => string.Equals((string?)s, extension.Id, StringComparison.OrdinalIgnoreCase));
            if (ComplexValue.Get(root, extension.Id) is JObject { HasValues: true })
            {
                if (listed is null)
                {
                    if (schemas is null)
                    {
                        schemas = [];
                        root[SchemasKey] = schemas;
                    }

                    schemas.Add(extension.Id);
                }
            }
            else
            {
                ComplexValue.Remove(root, extension.Id);
                listed?.Remove();
            }
        }

        return root;
    }

    private static string AttributeName(PatchTarget target) =>
        target.Attribute?.Name ?? throw new InvalidOperationException("A whole-schema target has no attribute.");

    private void Touch(SchemaDefinition? schema)
    {
        if (schema?.StorageAlias is not null)
        {
            _touchedExtensions.Add(schema);
        }
    }

    private JObject? Container(SchemaDefinition? schema, bool create)
    {
        if (schema?.StorageAlias is null)
        {
            return root;
        }

        if (ComplexValue.Get(root, schema.Id) is JObject existing)
        {
            return existing;
        }

        if (!create)
        {
            return null;
        }

        var container = new JObject();
        ComplexValue.Set(root, schema.Id, container);
        return container;
    }
}
