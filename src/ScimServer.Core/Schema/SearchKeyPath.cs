namespace ScimServer.Core.Schema;

/// <summary>
/// A string attribute that identity providers match on (<c>emails.value</c>, <c>name.familyName</c>), declared by the
/// resource type's <c>x-searchKeys</c>. Stores keep its values as separate indexed keys, folded where the attribute is
/// not caseExact, so <c>eq</c>, <c>sw</c>, <c>co</c> and <c>ew</c> on it need not read every document.
/// </summary>
public sealed record SearchKeyPath
{
    /// <summary>The dotted path as declared and as stores record it with each key: <c>emails.value</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The top-level attribute (<c>emails</c>, <c>name</c>, <c>displayName</c>).</summary>
    public required AttributeDefinition Attribute { get; init; }

    /// <summary>The sub-attribute holding the value, or null when the attribute itself is the string.</summary>
    public AttributeDefinition? SubAttribute { get; init; }

    /// <summary>The attribute whose value is keyed.</summary>
    public AttributeDefinition Leaf => SubAttribute ?? Attribute;

    /// <summary>A value as its key: folded when the attribute is not caseExact (<see cref="ScimText.Fold"/>).</summary>
    public string KeyOf(string value) => Leaf.CaseExact ? value : ScimText.Fold(value);
}
