namespace ScimServer.Core.Schema;

/// <summary>
/// An attribute path resolved against a resource type: the owning schema (null for the common attributes and
/// <c>schemas</c>), the attribute, an optional sub-attribute, and where the attribute is stored.
/// </summary>
public sealed record ResolvedAttribute(
    SchemaDefinition? Schema,
    AttributeDefinition Attribute,
    AttributeDefinition? SubAttribute,
    IReadOnlyList<string> StoragePath)
{
    /// <summary>True for an extension attribute: stored under <c>ext.{alias}</c>, sent under its schema URN.</summary>
    public bool IsExtension => Schema?.StorageAlias is not null;

    public AttributeDefinition Leaf => SubAttribute ?? Attribute;
}
