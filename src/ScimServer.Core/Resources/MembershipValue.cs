namespace ScimServer.Core.Resources;

/// <summary>
/// One element of a group's <c>members</c> or a user's <c>groups</c> (RFC 7643 §4.1.2, §4.2): the other resource's
/// id, its display name, the <c>type</c> sub-attribute, and where the other resource's type is located.
/// </summary>
/// <param name="ReferencePrefix">
/// The location of the other resource's type up to its id (<c>{base}/Groups/</c>, as
/// <see cref="ScimRequestContext.LocationOf"/> makes it); null when its type has no endpoint. The <c>$ref</c> is made
/// from it only when asked: a page of 100 users made a string per group membership, which the JSON writer never needs.
/// </param>
public sealed record MembershipValue(string Value, string? ReferencePrefix, string? Display, string Type)
{
    /// <summary>The other resource's URI (<c>$ref</c>); null when its type has no endpoint.</summary>
    public string? Reference => ReferencePrefix is null ? null : ReferencePrefix + Uri.EscapeDataString(Value);
}
