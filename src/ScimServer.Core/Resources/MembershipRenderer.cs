using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Adds the attributes that live in membership edges to rendered resources: a group's <c>members</c> and a user's
/// <c>groups</c> (direct and indirect). One store call for a whole page, none when the caller excluded them
/// (<c>excludedAttributes=members</c> never loads a member).
/// </summary>
internal sealed class MembershipRenderer(IResourceStore store, SchemaRegistry registry)
{
    public async Task AttachAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        IReadOnlyList<JObject> resources,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        var attribute = resourceType.Schema.Attributes.FirstOrDefault(a => SchemaRegistry.IsMembershipAttribute(resourceType, a));
        if (attribute is null || resources.Count == 0 || selection.Excludes(resourceType, attribute.Name))
        {
            return;
        }

        var ids = resources.Select(r => (string)r["id"]!).ToList();
        var byOwner = new Dictionary<string, JArray>(StringComparer.Ordinal);
        if (attribute.Name == SchemaRegistry.MembersAttribute)
        {
            foreach (var member in await store.ListMembersAsync(context.Tenant, ids, cancellationToken))
            {
                Add(byOwner, member.GroupId, Element(context, member.MemberId, member.MemberType, member.Display, member.MemberType));
            }
        }
        else
        {
            foreach (var membership in await store.ListGroupsOfAsync(context.Tenant, ids, cancellationToken))
            {
                Add(byOwner, membership.MemberId, Element(
                    context, membership.GroupId, ScimResourceTypes.Group, membership.GroupDisplay, membership.Direct ? "direct" : "indirect"));
            }
        }

        foreach (var resource in resources)
        {
            if (byOwner.TryGetValue((string)resource["id"]!, out var values))
            {
                if (resource.Property("meta") is { } meta)
                {
                    meta.AddBeforeSelf(new JProperty(attribute.Name, values));
                }
                else
                {
                    resource[attribute.Name] = values;
                }
            }
        }
    }

    private JObject Element(ScimRequestContext context, string id, string resourceTypeName, string? display, string type)
    {
        var element = new JObject { ["value"] = id };
        if (registry.FindResourceType(resourceTypeName) is { } target)
        {
            element["$ref"] = context.LocationOf(target.Endpoint, id);
        }

        if (display is not null)
        {
            element["display"] = display;
        }

        element["type"] = type;
        return element;
    }

    private static void Add(Dictionary<string, JArray> byOwner, string owner, JObject element)
    {
        if (!byOwner.TryGetValue(owner, out var values))
        {
            byOwner[owner] = values = [];
        }

        values.Add(element);
    }
}
