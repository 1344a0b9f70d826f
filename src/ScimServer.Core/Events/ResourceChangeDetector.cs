using Newtonsoft.Json.Linq;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Events;

/// <summary>
/// Reads what a write changed, from the stored documents before and after it, for the provisioning events
/// (RFC 9967 §2.2 <c>attributes</c>). Works on the stored form (extensions under <c>ext.{alias}</c>) and names
/// attributes as a client would write their paths (an extension's attributes URN-qualified).
/// </summary>
public static class ResourceChangeDetector
{
    private const string IdAttribute = "id";
    private const string ExternalIdAttribute = "externalId";

    public static ResourceChange Created(ResourceTypeDefinition resourceType, StoredResource resource, bool hasMembers, bool passwordSet)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var attributes = new List<string> { IdAttribute };
        attributes.AddRange(Changed(resourceType, new JObject(), resource.Document));
        if (hasMembers)
        {
            attributes.Add(SchemaRegistry.MembersAttribute);
        }

        return new ResourceChange
        {
            ExternalId = resource.ExternalId,
            Attributes = attributes,
            PasswordChanged = passwordSet,
            Data = DataOf(resourceType, resource),
        };
    }

    public static ResourceChange Updated(
        ResourceTypeDefinition resourceType, JObject before, StoredResource resource, MembershipChange members, bool passwordSet)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var after = resource.Document;
        var attributes = Changed(resourceType, before, after).ToList();
        if (!members.IsEmpty)
        {
            attributes.Add(SchemaRegistry.MembersAttribute);
        }

        return new ResourceChange
        {
            ExternalId = resource.ExternalId,
            Attributes = attributes,
            Data = DataOf(resourceType, resource),
            Active = ActiveOf(before) == ActiveOf(after) ? null : ActiveOf(after),
            PasswordChanged = passwordSet,
        };
    }

    public static ResourceChange Deleted(string? externalId) => new() { ExternalId = externalId };

    /// <summary>
    /// The representation a GET would return, rendered by the one renderer (only returned attributes are copied, so the
    /// password hash never gets in); <c>meta.location</c> is left out because it depends on the request's host.
    /// </summary>
    private static JObject DataOf(ResourceTypeDefinition resourceType, StoredResource resource)
    {
        var data = ResourceRenderer.Render(resourceType, resource, location: string.Empty);
        ((JObject)data["meta"]!).Remove("location");
        return data;
    }

    /// <summary>A user without <c>active</c> is active (the product's rule: only an explicit false deactivates).</summary>
    private static bool ActiveOf(JObject document) =>
        document[SchemaRegistry.ActiveAttribute] is not JValue { Type: JTokenType.Boolean } value || (bool)value!;

    private static IEnumerable<string> Changed(ResourceTypeDefinition resourceType, JObject before, JObject after)
    {
        if (!JToken.DeepEquals(before[ExternalIdAttribute], after[ExternalIdAttribute]))
        {
            yield return ExternalIdAttribute;
        }

        foreach (var attribute in resourceType.Schema.Attributes)
        {
            if (!JToken.DeepEquals(before[attribute.Name], after[attribute.Name]))
            {
                yield return attribute.Name;
            }
        }

        foreach (var extension in resourceType.Extensions)
        {
            var alias = extension.Schema.StorageAlias!;
            var was = before[AttributeResolver.ExtensionStorageKey]?[alias] as JObject;
            var now = after[AttributeResolver.ExtensionStorageKey]?[alias] as JObject;
            foreach (var attribute in extension.Schema.Attributes)
            {
                if (!JToken.DeepEquals(was?[attribute.Name], now?[attribute.Name]))
                {
                    yield return $"{extension.Schema.Id}:{attribute.Name}";
                }
            }
        }
    }
}
