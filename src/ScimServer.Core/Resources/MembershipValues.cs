using ScimServer.Core.Schema;

namespace ScimServer.Core.Resources;

/// <summary>The membership attribute of a page of resources (members or groups), read in one store call, by owner id.</summary>
public sealed class MembershipValues(AttributeDefinition attribute, IReadOnlyDictionary<string, List<MembershipValue>> byOwner)
{
    public AttributeDefinition Attribute { get; } = attribute;

    /// <summary>The values of one resource; null when it has none (the attribute is then left out, not an empty array).</summary>
    public IReadOnlyList<MembershipValue>? Of(string ownerId) => byOwner.GetValueOrDefault(ownerId);
}
