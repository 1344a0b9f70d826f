namespace ScimServer.Core.Projection;

/// <summary>What an <see cref="AttributeSelection"/> keeps of one attribute's value.</summary>
public enum AttributeChoice
{
    /// <summary>Left out.</summary>
    Drop,

    /// <summary>Kept as it is.</summary>
    Whole,

    /// <summary>A complex value: each sub-attribute kept or left out on its own; left out when none is kept.</summary>
    SubAttributes,

    /// <summary>A multi-valued complex value: the same for each element; elements left empty, and an empty array, go.</summary>
    EachElementSubAttributes,
}
