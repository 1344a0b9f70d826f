namespace ScimServer.Cli.Sync;

/// <summary>What a plan does to one user.</summary>
internal enum ChangeKind
{
    /// <summary>A joiner: in the file, not on the server (POST).</summary>
    Create,

    /// <summary>A mover: on both, some attributes differ (PATCH replace of those attributes only).</summary>
    Update,

    /// <summary>A leaver: in scope on the server, not in the file (PATCH active=false; never DELETE).</summary>
    Deactivate,

    Unchanged,
}
