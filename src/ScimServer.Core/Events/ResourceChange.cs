using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Events;

/// <summary>
/// What a provisioning event needs to say about one write, recorded with the audit entry in the write's transaction
/// (the audit log is the events' outbox): the resource's externalId, the attributes the write changed, whether it
/// turned <c>active</c> on or off, and whether it set a password. Never a password or its hash.
/// </summary>
public sealed record ResourceChange
{
    public string? ExternalId { get; init; }

    /// <summary>
    /// Attribute paths (RFC 7644 §3.5.2 <c>path</c> form; an extension's attributes URN-qualified) that the write
    /// added, changed or removed; all present ones on a create. <c>password</c> is never listed: it has its own event.
    /// </summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>The new value of <c>active</c> when the write changed it (true: activated, false: deactivated).</summary>
    public bool? Active { get; init; }

    public bool PasswordChanged { get; init; }

    /// <summary>
    /// The resource as SCIM returns it after the write (its returned attributes only, so never a password or its hash;
    /// <c>meta</c> without <c>location</c>), for streams of the full form (RFC 9967 §2.4 <c>data</c>). Taken in the
    /// write, because a later change would make a read at delivery time tell a different state. Null on delete.
    /// A group's <c>members</c> are not in it: the store keeps them apart from the group's document.
    /// </summary>
    public JObject? Data { get; init; }
}
