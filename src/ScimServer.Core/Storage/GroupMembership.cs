namespace ScimServer.Core.Storage;

/// <summary>
/// A group a user or group belongs to: directly (an edge from the group to it), or indirectly through nested groups
/// (RFC 7643 §4.1.2 <c>groups</c>, type "direct" / "indirect").
/// </summary>
public sealed record GroupMembership(string MemberId, string GroupId, string? GroupDisplay, bool Direct);
