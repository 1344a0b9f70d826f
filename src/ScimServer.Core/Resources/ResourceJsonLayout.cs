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
        CoreIndex = new Utf8NameIndex(
            resourceType.Schema.Attributes.Select(a => a.Name).Concat([SchemasName, ExternalIdName, AttributeResolver.ExtensionStorageKey]));
        ExtensionIndex = new Utf8NameIndex(resourceType.Extensions.Select(e => e.Schema.StorageAlias!));
        ExtensionAttributeIndex = resourceType.Extensions.Select(e => new Utf8NameIndex(e.Schema.Attributes.Select(a => a.Name))).ToArray();
        ResourceTypeName = Encoded(resourceType.Name);
        CoreNames = resourceType.Schema.Attributes.Select(a => Encoded(a.Name)).ToArray();
        ExtensionNames = resourceType.Extensions
            .Select(e => (Encoded(e.Schema.Id), e.Schema.Attributes.Select(a => Encoded(a.Name)).ToArray()))
            .ToArray();
    }

    public ResourceTypeDefinition ResourceType { get; }

    /// <summary>The core attributes' indexes by name, then schemas, externalId and ext after them.</summary>
    internal Utf8NameIndex CoreIndex { get; }

    internal Utf8NameIndex ExtensionIndex { get; }

    internal Utf8NameIndex[] ExtensionAttributeIndex { get; }

    /// <summary>The type's name as <c>meta.resourceType</c> holds it, escaped once.</summary>
    internal JsonEncodedText ResourceTypeName { get; }

    /// <summary>The core attributes' names as written, escaped once.</summary>
    internal JsonEncodedText[] CoreNames { get; }

    internal (JsonEncodedText Id, JsonEncodedText[] Attributes)[] ExtensionNames { get; }

    internal static readonly JsonEncodedText EncodedExternalId = Encoded(ExternalIdName);

    internal static JsonEncodedText Encoded(string name) => JsonEncodedText.Encode(name, ScimJson.WriterOptions.Encoder);
}
