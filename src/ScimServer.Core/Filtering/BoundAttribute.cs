using ScimServer.Core.Schema;

namespace ScimServer.Core.Filtering;

/// <summary>
/// An attribute path resolved against the schema registry. Stores translate only bound paths: every field name
/// they emit comes from a schema definition, never from client text.
/// </summary>
public sealed record BoundAttribute
{
    /// <summary>The top-level attribute (or, inside a value filter, the sub-attribute of the element).</summary>
    public required AttributeDefinition Attribute { get; init; }

    /// <summary>The sub-attribute compared, when the path has one (<c>name.familyName</c>, <c>emails.value</c>).</summary>
    public AttributeDefinition? SubAttribute { get; init; }

    /// <summary>
    /// Where <see cref="Attribute"/> lives in the stored document, e.g. <c>["emails"]</c> or
    /// <c>["ext", "enterprise", "manager"]</c>. Inside a value filter it is relative to the element.
    /// </summary>
    public required IReadOnlyList<string> StoragePath { get; init; }

    /// <summary>True for the paths of a value filter's inner expression: relative to one array element.</summary>
    public bool IsElementRelative { get; init; }

    /// <summary>
    /// True for the attributes kept as membership edges rather than in the document: a group's <c>members</c>
    /// (direct) and a user's <c>groups</c> (direct and through nested groups). Stores query the edges for them.
    /// </summary>
    public bool IsMembership { get; init; }

    /// <summary>
    /// True for a user's <c>active</c> at the root (not inside a value filter): identity providers' reconciles page
    /// through <c>active eq true</c> every night, so every store keeps it where an index serves it.
    /// </summary>
    public bool IsUserActive { get; init; }

    /// <summary>
    /// The declared search key this path compares (<c>emails.value</c>, also as <c>value</c> inside <c>emails[...]</c>),
    /// or null: stores may narrow a comparison on it through their index of search keys.
    /// </summary>
    public SearchKeyPath? SearchKey { get; init; }

    /// <summary>The attribute whose value is compared: the sub-attribute if there is one.</summary>
    public AttributeDefinition Leaf => SubAttribute ?? Attribute;

    /// <summary>True when matching means "some element of the array matches" (RFC 7644 §3.4.2.2).</summary>
    public bool IsMultiValued => Attribute.MultiValued;

    /// <summary>
    /// A top-level, server-unique, case-insensitive string (userName): every store keeps it folded in its own indexed
    /// key, so <c>userName eq</c> is an index lookup.
    /// </summary>
    public bool IsFoldedUniqueKey =>
        !IsElementRelative
        && SubAttribute is null
        && StoragePath.Count == 1
        && Attribute is { Type: AttributeType.String, MultiValued: false, Uniqueness: Uniqueness.Server, CaseExact: false };

    /// <summary>
    /// What an element of a multi-valued attribute compares: the named sub-attribute, else (RFC 7644 §3.4.2.2) the
    /// <c>value</c> sub-attribute of a complex element, else the primitive element itself.
    /// </summary>
    public AttributeDefinition ElementLeaf =>
        SubAttribute
        ?? (!Attribute.IsComplex
            ? Attribute
            : Attribute.FindSubAttribute("value")
                ?? throw new InvalidOperationException($"The complex attribute '{this}' has no 'value' sub-attribute to compare."));

    /// <summary>The full stored path of the leaf for a single-valued attribute.</summary>
    public IReadOnlyList<string> LeafPath =>
        SubAttribute is null ? StoragePath : [.. StoragePath, SubAttribute.Name];

    public override string ToString() =>
        string.Join('.', SubAttribute is null ? StoragePath : [.. StoragePath, SubAttribute.Name]);
}
