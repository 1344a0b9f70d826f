using ScimServer.Core.Rules;

namespace ScimServer.AdminUi;

/// <summary>A signed-in session as checked against the store for this request.</summary>
internal sealed record AdminUiSession
{
    public required string Kind { get; init; }

    /// <summary>The audit log's actor: the user's userName, or the token's name.</summary>
    public required string Actor { get; init; }

    public required string SignInTenant { get; init; }

    public required string SubjectId { get; init; }

    /// <summary>The tenant the page acts on.</summary>
    public required string Tenant { get; init; }

    /// <summary>Server Administrator, Administrator, or Tenant token.</summary>
    public required string Role { get; init; }

    /// <summary>Null when the session manages the whole tenant.</summary>
    public AdministrationScope? Scope { get; init; }

    public bool IsServerAdministrator { get; init; }

    public bool IsServiceAccount { get; init; }
}
