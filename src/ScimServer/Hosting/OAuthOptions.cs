namespace ScimServer.Hosting;

/// <summary>The OAuth 2.0 client-credentials settings of the <c>Scim</c> section.</summary>
public sealed class OAuthOptions
{
    /// <summary>Base64 HS256 key (at least 32 bytes) for access tokens; random per process when unset.</summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>How long an access token from <c>POST /oauth/token</c> is valid.</summary>
    public int AccessTokenMinutes { get; set; } = 60;
}
