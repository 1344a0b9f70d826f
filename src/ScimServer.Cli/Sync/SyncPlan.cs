namespace ScimServer.Cli.Sync;

/// <summary>An HR sync's plan: one line per user in the file or in scope.</summary>
internal sealed record SyncPlan(IReadOnlyList<UserChange> Changes, int ScopeCount)
{
    public IEnumerable<UserChange> Of(ChangeKind kind) => Changes.Where(c => c.Kind == kind);

    public int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);
}
