namespace ScimServer.Core.Storage;

/// <summary>
/// What one request does to a group's members, already composed from all its operations. Applied edge by edge:
/// adding or removing one member never reads or rewrites the others.
/// </summary>
public sealed record MembershipChange
{
    public static MembershipChange None { get; } = new();

    /// <summary>When true the group's members become exactly <see cref="Add"/> (PUT, or PATCH replace of members).</summary>
    public bool ReplaceAll { get; init; }

    /// <summary>Members to add; adding one who is already a member is not an error.</summary>
    public IReadOnlyList<MemberEdge> Add { get; init; } = [];

    /// <summary>Member ids to remove; removing one who is not a member is not an error.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];

    public bool IsEmpty => !ReplaceAll && Add.Count == 0 && Remove.Count == 0;
}
