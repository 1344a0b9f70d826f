namespace ScimServer.Core.Filtering;

/// <summary>
/// An attribute path as written by a client (RFC 7644 §3.10 <c>attrPath</c>): an optional schema URN, an attribute
/// name and an optional sub-attribute name. Syntax only; <see cref="FilterBinder"/> resolves it against the schema.
/// </summary>
public sealed record AttributePath(string? SchemaUrn, string AttributeName, string? SubAttributeName = null)
{
    public override string ToString()
    {
        var name = SubAttributeName is null ? AttributeName : $"{AttributeName}.{SubAttributeName}";
        return SchemaUrn is null ? name : $"{SchemaUrn}:{name}";
    }
}
