namespace ScimServer.Benchmarks.Load;

/// <summary>What the load phase created, and the ids the figures ask for.</summary>
internal sealed record BenchDataset
{
    /// <summary>The ids of users 0 … N-1 (by number, see <see cref="BenchUsers"/>).</summary>
    public required IReadOnlyList<string> UserIds { get; init; }

    /// <summary>User 0: in the big group, in its department group and at the bottom of the 10 nested groups.</summary>
    public required string HeavyUserId { get; init; }

    /// <summary>A user in no group.</summary>
    public required string LonelyUserId { get; init; }

    /// <summary>Users in no group, added to and removed from groups by the add-member figures.</summary>
    public required IReadOnlyList<string> SpareUserIds { get; init; }

    public required string BigGroupId { get; init; }
    public required int BigGroupSize { get; init; }
    public required string SmallGroupId { get; init; }

    /// <summary>Groups "Dept 0" … of 100 users each: every loaded user is in one.</summary>
    public required int DepartmentCount { get; init; }

    public required double UserLoadSeconds { get; init; }
    public required double GroupLoadSeconds { get; init; }
}
