namespace ScimServer.Core.Schema;

/// <summary>One attribute of a schema (RFC 7643 §7), as loaded from <c>schemas/</c>.</summary>
public sealed record AttributeDefinition
{
    public required string Name { get; init; }
    public required AttributeType Type { get; init; }
    public bool MultiValued { get; init; }
    public string Description { get; init; } = "";
    public bool Required { get; init; }
    public bool CaseExact { get; init; }
    public Mutability Mutability { get; init; } = Mutability.ReadWrite;
    public Returned Returned { get; init; } = Returned.Default;
    public Uniqueness Uniqueness { get; init; } = Uniqueness.None;
    public IReadOnlyList<string> CanonicalValues { get; init; } = [];
    public IReadOnlyList<string> ReferenceTypes { get; init; } = [];
    public IReadOnlyList<AttributeDefinition> SubAttributes { get; init; } = [];

    public bool IsComplex => Type == AttributeType.Complex;

    /// <summary>Attribute names are case-insensitive (RFC 7643 §2.1).</summary>
    public AttributeDefinition? FindSubAttribute(string name)
    {
        foreach (var sub in SubAttributes)
        {
            if (string.Equals(sub.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return sub;
            }
        }

        return null;
    }
}
