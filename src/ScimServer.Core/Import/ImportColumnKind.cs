namespace ScimServer.Core.Import;

/// <summary>How a CSV cell becomes a SCIM value.</summary>
public enum ImportColumnKind
{
    Text,
    Boolean,

    /// <summary><c>;</c>-separated values of a multi-valued string attribute.</summary>
    List,

    /// <summary>The enterprise <c>manager</c>: the cell is the manager's id, sent as <c>{"value": id}</c>.</summary>
    Reference,

    /// <summary>Write-only (<c>returned: never</c>): sent on create, never compared.</summary>
    Secret,
}
