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
