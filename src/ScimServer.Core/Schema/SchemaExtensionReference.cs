namespace ScimServer.Core.Schema;

/// <summary>An extension a resource type accepts (RFC 7643 §6 "schemaExtensions").</summary>
public sealed record SchemaExtensionReference(SchemaDefinition Schema, bool Required);
