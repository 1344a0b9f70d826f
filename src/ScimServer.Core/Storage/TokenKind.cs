namespace ScimServer.Core.Storage;

/// <summary>What a stored secret is: a long-lived bearer token, or the secret of an OAuth 2.0 client (client credentials).</summary>
public enum TokenKind
{
    Bearer,
    OAuthClient,
}
