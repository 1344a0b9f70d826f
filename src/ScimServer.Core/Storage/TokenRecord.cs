namespace ScimServer.Core.Storage;

/// <summary>
/// A bearer token. Only the SHA-256 of the secret is stored: the secret is shown once, when it is made.
/// <see cref="Tenant"/> is null for a server-admin token.
/// </summary>
public sealed record TokenRecord
{
    public required string Id { get; init; }
    public string? Tenant { get; init; }
    public required string Name { get; init; }
    public required string Sha256 { get; init; }
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? Revoked { get; init; }

    /// <summary>A bearer token (looked up by the hash of the presented secret) or an OAuth client (looked up by its id).</summary>
    public TokenKind Kind { get; init; } = TokenKind.Bearer;
}
