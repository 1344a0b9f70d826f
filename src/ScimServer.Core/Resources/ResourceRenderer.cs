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

    /// <param name="detach">
    /// True when the caller owns <paramref name="resource"/>'s document and will not use it again (a read fresh from the
    /// store): its values are moved into the output instead of copied, which halves what a page of 100 allocates.
    /// </param>
    public static JObject Render(ResourceTypeDefinition resourceType, StoredResource resource, string location, bool detach = false)
    {
        var document = resource.Document;
        var output = new JObject
        {
            ["schemas"] = Take(document, "schemas", detach) ?? new JArray(resourceType.Schema.Id),
            ["id"] = resource.Id,
        };

        if (Take(document, "externalId", detach) is { } externalId)
        {
            output["externalId"] = externalId;
        }

        foreach (var attribute in resourceType.Schema.Attributes)
        {
            if (attribute.Returned != Returned.Never && Take(document, attribute.Name, detach) is { } value)
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
                    if (attribute.Returned != Returned.Never && Take(stored, attribute.Name, detach) is { } value)
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

    /// <summary>The value of <paramref name="name"/>: moved out of <paramref name="source"/> when detaching, else a copy.</summary>
    private static JToken? Take(JObject source, string name, bool detach)
    {
        if (source.Property(name) is not { } property)
        {
            return null;
        }

        if (!detach)
        {
            return property.Value.DeepClone();
        }

        // A token that still has a parent would be copied again when added elsewhere: take it out of its property.
        var value = property.Value;
        property.Remove();
        property.Value = JValue.CreateNull();
        return value;
    }
}
