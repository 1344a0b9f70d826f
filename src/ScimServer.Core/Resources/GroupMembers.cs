using Newtonsoft.Json.Linq;
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

        var edges = new List<MemberEdge>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members.OfType<JObject>())
        {
            var edge = ToEdge(member);
            if (!edge.IsSuccess)
            {
                return edge.Error;
            }

            if (seen.Add(edge.Value.MemberId))
            {
                edges.Add(edge.Value);
            }
        }

        return edges;
    }

    private static AttributeDefinition? MembersAttributeOf(ResourceTypeDefinition resourceType) =>
        resourceType.Schema.Attributes.FirstOrDefault(a =>
            a.Name == SchemaRegistry.MembersAttribute && SchemaRegistry.IsMembershipAttribute(resourceType, a));

    /// <summary>A member value <c>{"value": id, "type": "User" | "Group"}</c> as an edge; type is optional and case-insensitive.</summary>
    public static ScimResult<MemberEdge> ToEdge(JObject member)
    {
        if (member["value"] is not JValue { Type: JTokenType.String } value || string.IsNullOrWhiteSpace((string?)value))
        {
            return ScimError.InvalidValue("Each member needs a 'value': the id of a user or group.");
        }

        string? type = null;
        if (member["type"] is { Type: not JTokenType.Null } typeToken)
        {
            type = (string?)typeToken switch
            {
                { } t when t.Equals(ScimResourceTypes.User, StringComparison.OrdinalIgnoreCase) => ScimResourceTypes.User,
                { } t when t.Equals(ScimResourceTypes.Group, StringComparison.OrdinalIgnoreCase) => ScimResourceTypes.Group,
                _ => null,
            };
            if (type is null)
            {
                return ScimError.InvalidValue($"Member type '{typeToken}' is not 'User' or 'Group'.");
            }
        }

        return new MemberEdge((string)value!, type);
    }
}
