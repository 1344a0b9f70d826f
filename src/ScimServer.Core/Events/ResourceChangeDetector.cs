using Newtonsoft.Json.Linq;
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

    public static ResourceChange Created(ResourceTypeDefinition resourceType, JObject document, string? externalId, bool hasMembers, bool passwordSet)
    {
        var attributes = new List<string> { IdAttribute };
        attributes.AddRange(Changed(resourceType, new JObject(), document));
        if (hasMembers)
        {
            attributes.Add(SchemaRegistry.MembersAttribute);
        }

        return new ResourceChange { ExternalId = externalId, Attributes = attributes, PasswordChanged = passwordSet };
    }

    public static ResourceChange Updated(
        ResourceTypeDefinition resourceType, JObject before, JObject after, string? externalId, MembershipChange members, bool passwordSet)
    {
        var attributes = Changed(resourceType, before, after).ToList();
        if (!members.IsEmpty)
        {
            attributes.Add(SchemaRegistry.MembersAttribute);
        }

        return new ResourceChange
        {
            ExternalId = externalId,
            Attributes = attributes,
            Active = ActiveOf(before) == ActiveOf(after) ? null : ActiveOf(after),
            PasswordChanged = passwordSet,
        };
    }

    public static ResourceChange Deleted(string? externalId) => new() { ExternalId = externalId };

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
