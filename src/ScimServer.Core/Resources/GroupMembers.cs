using Newtonsoft.Json.Linq;
using ScimServer.Core.Patch;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Takes a group's <c>members</c> out of a validated document: they are stored as edges, one per member, never in
/// the group's document (DESIGN.md), so a group of any size costs the same to change by one member.
/// </summary>
internal static class GroupMembers
{
    /// <summary>Whether resources of this type have members kept as edges (groups).</summary>
    public static bool AppliesTo(ResourceTypeDefinition resourceType) => MembersAttributeOf(resourceType) is not null;

    /// <summary>The member edges of a group document (removed from it), or null for a resource type without members.</summary>
    public static ScimResult<IReadOnlyList<MemberEdge>?> Split(ResourceTypeDefinition resourceType, JObject document)
    {
        var attribute = MembersAttributeOf(resourceType);
        if (attribute is null)
        {
            return ScimResult<IReadOnlyList<MemberEdge>?>.Ok(null);
        }

        var members = document[attribute.Name] as JArray ?? [];
        document.Remove(attribute.Name);

        var edges = MemberValueReader.Read(members);
        if (!edges.IsSuccess)
        {
            return edges.Error;
        }

        return edges.Value.DistinctBy(e => e.MemberId, StringComparer.Ordinal).ToList();
    }

    private static AttributeDefinition? MembersAttributeOf(ResourceTypeDefinition resourceType) =>
        resourceType.Schema.Attributes.FirstOrDefault(a =>
            a.Name == SchemaRegistry.MembersAttribute && SchemaRegistry.IsMembershipAttribute(resourceType, a));
}
