using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Schema;

/// <summary>A schema (core or extension) as loaded from <c>schemas/</c>.</summary>
public sealed class SchemaDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<AttributeDefinition> Attributes { get; init; }

    /// <summary>
    /// For an extension: the short name its attributes are stored under (<c>ext.{alias}</c>), because schema
    /// URNs contain dots and colons that neither a JSON path nor a BSON field name may carry.
    /// Null for a core schema, whose attributes are stored at the top level.
    /// </summary>
    public string? StorageAlias { get; init; }

    /// <summary>The RFC 7643 §7 representation served by <c>/Schemas</c>, built once at load.</summary>
    public required JObject Representation { get; init; }

    public AttributeDefinition? FindAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute;
            }
        }

        return null;
    }
}
