namespace ScimServer.Core.Storage;

/// <summary>A member of a group as read back: its id, type ("User" or "Group") and a display name (displayName, else userName).</summary>
public sealed record GroupMember(string GroupId, string MemberId, string MemberType, string? Display);
