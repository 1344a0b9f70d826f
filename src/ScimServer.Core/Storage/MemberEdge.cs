namespace ScimServer.Core.Storage;

/// <summary>
/// One member of a group: the member's id and its resource type ("User" or "Group"). A null type lets the store
/// find it (clients often send only <c>value</c>).
/// </summary>
public sealed record MemberEdge(string MemberId, string? MemberType = null);
