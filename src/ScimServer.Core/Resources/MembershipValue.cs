namespace ScimServer.Core.Resources;

/// <summary>
/// One element of a group's <c>members</c> or a user's <c>groups</c> (RFC 7643 §4.1.2, §4.2): the other resource's
/// id, its <c>$ref</c> (null when its type has no endpoint), its display name, and the <c>type</c> sub-attribute.
/// </summary>
public sealed record MembershipValue(string Value, string? Reference, string? Display, string Type);
