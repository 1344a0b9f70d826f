using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Reads the attributes that live in membership edges for rendered resources: a group's <c>members</c> and a user's
/// <c>groups</c> (direct and indirect). One store call for a whole page, none when the caller excluded them
/// (<c>excludedAttributes=members</c> never loads a member).
/// </summary>
internal sealed class MembershipRenderer(IResourceStore store, SchemaRegistry registry)
{
    /// <summary>Whether a response of this type with this selection shows membership values (a store read is needed).</summary>
    public static bool Wants(ResourceTypeDefinition resourceType, AttributeSelection selection) =>
        MembershipAttribute(resourceType) is { } attribute && !selection.Excludes(resourceType, attribute.Name);

    /// <summary>
    /// The membership values of <paramref name="ids"/>; null when the type has none or the caller excluded them. Those
    /// the store read with the page (<paramref name="page"/>, in its snapshot) are used as they are.
    /// </summary>
    public async Task<MembershipValues?> LoadAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        IReadOnlyList<string> ids,
        AttributeSelection selection,
        CancellationToken cancellationToken,
        QueryPage? page = null)
    {
        var attribute = MembershipAttribute(resourceType);
        if (attribute is null || ids.Count == 0 || selection.Excludes(resourceType, attribute.Name))
        {
            return null;
        }

        // Sized for the page: grown from empty, its resizes were a tenth of a page's garbage.
        var byOwner = new Dictionary<string, List<MembershipValue>>(ids.Count, StringComparer.Ordinal);
        var prefixes = new ReferencePrefixes(registry, context);
        if (attribute.Name == SchemaRegistry.MembersAttribute)
        {
            foreach (var member in page?.Members ?? await store.ListMembersAsync(context.Tenant, ids, cancellationToken))
            {
                Add(byOwner, member.GroupId, new(member.MemberId, prefixes.Of(member.MemberType), member.Display, member.MemberType));
            }
        }
        else
        {
            var groupPrefix = prefixes.Of(ScimResourceTypes.Group);
            foreach (var membership in page?.Groups ?? await store.ListGroupsOfAsync(context.Tenant, ids, cancellationToken))
            {
                Add(byOwner, membership.MemberId, new(
                    membership.GroupId, groupPrefix, membership.GroupDisplay, membership.Direct ? "direct" : "indirect"));
            }
        }

        return new MembershipValues(attribute, byOwner);
    }

    /// <summary>Adds the membership attribute to rendered resources, before their <c>meta</c> (the JObject rendering of writes).</summary>
    public async Task AttachAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        IReadOnlyList<JObject> resources,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(context, resourceType, resources.Select(r => (string)r["id"]!).ToList(), selection, cancellationToken);
        if (loaded is null)
        {
            return;
        }

        foreach (var resource in resources)
        {
            if (loaded.Of((string)resource["id"]!) is { } values)
            {
                var array = new JArray(values.Select(Element));
                if (resource.Property("meta") is { } meta)
                {
                    meta.AddBeforeSelf(new JProperty(loaded.Attribute.Name, array));
                }
                else
                {
                    resource[loaded.Attribute.Name] = array;
                }
            }
        }
    }

    private static AttributeDefinition? MembershipAttribute(ResourceTypeDefinition resourceType) =>
        resourceType.Schema.Attributes.FirstOrDefault(a => SchemaRegistry.IsMembershipAttribute(resourceType, a));

    /// <summary>The reference prefix of each type a page's values point to, looked up once per type, not per value.</summary>
    private sealed class ReferencePrefixes(SchemaRegistry registry, ScimRequestContext context)
    {
        private readonly Dictionary<string, string?> known = new(StringComparer.Ordinal);

        public string? Of(string resourceTypeName)
        {
            if (!known.TryGetValue(resourceTypeName, out var prefix))
            {
                prefix = registry.FindResourceType(resourceTypeName) is { } target ? context.LocationOf(target.Endpoint, "") : null;
                known[resourceTypeName] = prefix;
            }

            return prefix;
        }
    }

    private static JObject Element(MembershipValue value)
    {
        var element = new JObject { ["value"] = value.Value };
        if (value.Reference is not null)
        {
            element["$ref"] = value.Reference;
        }

        if (value.Display is not null)
        {
            element["display"] = value.Display;
        }

        element["type"] = value.Type;
        return element;
    }

    private static void Add(Dictionary<string, List<MembershipValue>> byOwner, string owner, MembershipValue value)
    {
        if (!byOwner.TryGetValue(owner, out var values))
        {
            // Most users are in one or two groups: no room for four from the start.
            byOwner[owner] = values = new List<MembershipValue>(1);
        }

        values.Add(value);
    }
}
