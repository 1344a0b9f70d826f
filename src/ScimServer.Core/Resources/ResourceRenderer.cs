using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Turns a stored resource into its SCIM representation: <c>schemas</c>, <c>id</c>, the attributes, each extension
/// under its URN, and <c>meta</c> (RFC 7643 §3.1). Anything the store keeps that is not an attribute (the password
/// hash) never reaches the output, because only what the schema defines is copied.
/// </summary>
public static class ResourceRenderer
{
    public static string VersionTag(long version) => $"W/\"{version}\"";

    /// <remarks>
    /// Reads are written from the stored text by <see cref="ResourceJsonWriter"/>; this JObject form serves the
    /// responses of writes and the PATCH engine, which works on the representation.
    /// </remarks>
    public static JObject Render(ResourceTypeDefinition resourceType, StoredResource resource, string location)
    {
        var document = resource.Document;
        var output = new JObject
        {
            ["schemas"] = Take(document, "schemas") ?? new JArray(resourceType.Schema.Id),
            ["id"] = resource.Id,
        };

        if (Take(document, "externalId") is { } externalId)
        {
            output["externalId"] = externalId;
        }

        foreach (var attribute in resourceType.Schema.Attributes)
        {
            if (attribute.Returned != Returned.Never && Take(document, attribute.Name) is { } value)
            {
                output[attribute.Name] = value;
            }
        }

        var extensions = document[AttributeResolver.ExtensionStorageKey] as JObject;
        foreach (var extension in resourceType.Extensions)
        {
            if (extensions?[extension.Schema.StorageAlias!] is JObject stored)
            {
                var rendered = new JObject();
                foreach (var attribute in extension.Schema.Attributes)
                {
                    if (attribute.Returned != Returned.Never && Take(stored, attribute.Name) is { } value)
                    {
                        rendered[attribute.Name] = value;
                    }
                }

                output[extension.Schema.Id] = rendered;
            }
        }

        output["meta"] = new JObject
        {
            ["resourceType"] = resourceType.Name,
            ["created"] = ScimDateTime.ToText(resource.Created),
            ["lastModified"] = ScimDateTime.ToText(resource.LastModified),
            ["location"] = location,
            ["version"] = VersionTag(resource.Version),
        };

        return output;
    }

    private static JToken? Take(JObject source, string name) => source.Property(name)?.Value.DeepClone();
}
