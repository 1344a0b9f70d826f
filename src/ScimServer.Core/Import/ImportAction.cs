namespace ScimServer.Core.Import;

/// <summary>What an upload does with one row.</summary>
public enum ImportAction
{
    /// <summary>No user matched: POST.</summary>
    Create,

    /// <summary>One user matched and some attributes differ: PATCH replace of those attributes only.</summary>
    Update,

    /// <summary>One user matched and nothing differs: nothing is sent.</summary>
    Unchanged,

    /// <summary>More than one user matched: nothing is sent, the row fails.</summary>
    Ambiguous,
}
