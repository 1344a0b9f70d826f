using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// What one operation addresses, resolved against the schema: a whole schema (<see cref="Attribute"/> null), an
/// attribute, a sub-attribute, or — with <see cref="Filter"/> — the matching elements of a multi-valued attribute.
/// </summary>
internal sealed record PatchTarget
{
    /// <summary>The path as the client wrote it, for error messages.</summary>
    public required string Text { get; init; }

    /// <summary>The schema the attribute belongs to; null for the common attributes and <c>schemas</c>.</summary>
    public SchemaDefinition? Schema { get; init; }

    /// <summary>Null when the path names a whole schema (<c>urn:…:enterprise:2.0:User</c>).</summary>
    public AttributeDefinition? Attribute { get; init; }

    /// <summary><c>name.givenName</c>, or the sub-attribute after a value filter (<c>emails[type eq "work"].value</c>).</summary>
    public AttributeDefinition? SubAttribute { get; init; }

    /// <summary>The value filter as written: its plain equalities describe the element to create when none matches.</summary>
    public FilterExpression? FilterExpression { get; init; }

    /// <summary>The value filter bound to the element's sub-attributes; null for membership attributes.</summary>
    public BoundFilter? Filter { get; init; }

    /// <summary>A <c>value eq</c> filter on a multi-valued attribute of plain values (see <see cref="PrimitiveValueUpdate"/>).</summary>
    public bool IsPrimitiveValueFilter { get; init; }

    /// <summary>A group's <c>members</c>: kept as membership edges, not in the document.</summary>
    public bool IsMembership { get; init; }

    public bool HasFilter => FilterExpression is not null;

    public AttributeDefinition Leaf => SubAttribute ?? Attribute ?? throw new InvalidOperationException("A whole-schema target has no leaf.");
}
