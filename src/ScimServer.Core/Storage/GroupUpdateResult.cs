namespace ScimServer.Core.Storage;

/// <summary>
/// How <see cref="IResourceStore.UpdateGroupAsync"/> ended. On <see cref="StoreOutcome.MemberNotFound"/>,
/// <see cref="MissingMembers"/> names the ids that are not users or groups of the tenant, and nothing changed.
/// </summary>
public sealed record GroupUpdateResult(StoreOutcome Outcome, long Version, IReadOnlyList<string> MissingMembers)
{
    public static GroupUpdateResult Failed(StoreOutcome outcome) => new(outcome, 0, []);
}
