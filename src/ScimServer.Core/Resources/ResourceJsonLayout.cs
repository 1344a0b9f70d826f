using System.Text.Json;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Resources;

/// <summary>
/// What <see cref="ResourceJsonWriter"/> looks names up in and writes for one resource type: the attributes' indexes
/// by name and their escaped names. It depends on the schema alone, so it is made once per resource type and shared by
/// every request: made per request, it was about a twentieth of a GET's CPU (issue 12).
/// </summary>
public sealed class ResourceJsonLayout
{
    internal const string SchemasName = "schemas";
    internal const string ExternalIdName = "externalId";

    public ResourceJsonLayout(ResourceTypeDefinition resourceType)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ResourceType = resourceType;
        CoreIndex = IndexOf(
            resourceType.Schema.Attributes.Select(a => a.Name).Concat([SchemasName, ExternalIdName, AttributeResolver.ExtensionStorageKey]));
        ExtensionIndex = IndexOf(resourceType.Extensions.Select(e => e.Schema.StorageAlias!));
        ExtensionAttributeIndex = resourceType.Extensions.Select(e => IndexOf(e.Schema.Attributes.Select(a => a.Name))).ToArray();
        CoreNames = resourceType.Schema.Attributes.Select(a => Encoded(a.Name)).ToArray();
        ExtensionNames = resourceType.Extensions
            .Select(e => (Encoded(e.Schema.Id), e.Schema.Attributes.Select(a => Encoded(a.Name)).ToArray()))
            .ToArray();
    }

    public ResourceTypeDefinition ResourceType { get; }

    /// <summary>The core attributes' indexes by name, then schemas, externalId and ext after them.</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> CoreIndex { get; }

    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ExtensionIndex { get; }

    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] ExtensionAttributeIndex { get; }

    /// <summary>The core attributes' names as written, escaped once.</summary>
    internal JsonEncodedText[] CoreNames { get; }

    internal (JsonEncodedText Id, JsonEncodedText[] Attributes)[] ExtensionNames { get; }

    internal static readonly JsonEncodedText EncodedExternalId = Encoded(ExternalIdName);

    private static JsonEncodedText Encoded(string name) => JsonEncodedText.Encode(name, ScimJson.WriterOptions.Encoder);

    private static Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> IndexOf(IEnumerable<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            index.TryAdd(name, index.Count);
        }

        return index.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
