using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Schema;

/// <summary>A resource type (RFC 7643 §6) with its core schema and extensions resolved.</summary>
public sealed class ResourceTypeDefinition
{
    public required string Name { get; init; }
    public required string Endpoint { get; init; }
    public required SchemaDefinition Schema { get; init; }
    public required IReadOnlyList<SchemaExtensionReference> Extensions { get; init; }
    public required JObject Representation { get; init; }

    /// <summary>The attributes stores keep as indexed keys (<c>x-searchKeys</c> in the resource type's file).</summary>
    public IReadOnlyList<SearchKeyPath> SearchKeys { get; init; } = [];

    /// <summary>The declared search key for an attribute and its sub-attribute, or null if none is declared.</summary>
    public SearchKeyPath? FindSearchKey(AttributeDefinition attribute, AttributeDefinition? subAttribute)
    {
        foreach (var key in SearchKeys)
        {
            if (ReferenceEquals(key.Attribute, attribute) && ReferenceEquals(key.SubAttribute, subAttribute))
            {
                return key;
            }
        }

        return null;
    }

    public SchemaExtensionReference? FindExtension(string urn)
    {
        foreach (var extension in Extensions)
        {
            if (string.Equals(extension.Schema.Id, urn, StringComparison.OrdinalIgnoreCase))
            {
                return extension;
            }
        }

        return null;
    }

    /// <summary>Every schema URN a resource of this type may list in <c>schemas</c>.</summary>
    public IEnumerable<SchemaDefinition> AllSchemas()
    {
        yield return Schema;
        foreach (var extension in Extensions)
        {
            yield return extension.Schema;
        }
    }
}
