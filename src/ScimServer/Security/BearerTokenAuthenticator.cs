using System.Runtime.CompilerServices;
using Microsoft.Net.Http.Headers;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Security;

/// <summary>
/// Resolves <c>Authorization: Bearer …</c> to a <see cref="ScimCaller"/>. Tokens are looked up by the SHA-256 of the
/// secret on every request, so a revoked token is refused at once. Where HTTP Basic is accepted (the OData feed: Excel's
/// and Power BI's connectors offer Basic, not bearer tokens), the password is the token and the user name is ignored.
/// </summary>
internal sealed class BearerTokenAuthenticator(
    ITenantStore tenants, AccessTokenIssuer accessTokens, AuthenticationFailureLimiter failures, TimeProvider time)
{
    private const string Scheme = "Bearer ";
    private const string BasicScheme = "Basic ";

    // Kestrel hands a keep-alive connection's unchanged header value over as the same string instance (string reuse),
    // so the SHA-256 of its secret is kept for as long as that string lives, and never the secret beyond it. Only the
    // hash is kept: the store is still asked for the token on every request, so a revocation takes effect at once.
    private static readonly ConditionalWeakTable<string, string> HashOfHeader = new();

    public async Task<(ScimCaller? Caller, ScimError? Error)> AuthenticateAsync(HttpContext context, bool acceptBasic = false)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        string secret;
        if (acceptBasic && header.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            if (BasicPassword(header[BasicScheme.Length..].Trim()) is not { Length: > 0 } password)
            {
                failures.RecordFailure(context, "malformed Basic credentials");
                return (null, ScimError.Unauthorized("Basic credentials must be base64 of '<any user name>:<token>'."));
            }

            secret = password;
        }
        else if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return (null, ScimError.Unauthorized(acceptBasic
                ? "A token is required: Authorization: Bearer <token>, or Basic with the token as password."
                : "A bearer token is required: Authorization: Bearer <token>."));
        }
        else
        {
            secret = header[Scheme.Length..].Trim();
        }

        var token = LooksLikeJwt(secret)
            ? await FindClientOfAccessTokenAsync(secret, context.RequestAborted)
            : await tenants.FindTokenAsync(HashOf(header, secret), context.RequestAborted);
        if (token is null || token.Revoked is not null || token.Expires <= time.GetUtcNow()
            || (token.Kind == TokenKind.OAuthClient && !LooksLikeJwt(secret)))
        {
            failures.RecordFailure(context, "unknown, revoked or expired bearer token");
            return (null, ScimError.Unauthorized("The bearer token is not valid."));
        }

        var caller = new ScimCaller(token.Id, token.Name, token.Tenant);
        Remember(context, caller);
        return (caller, null);
    }

    /// <summary>Keeps who called for the request's log line and metrics (its token's name and tenant, never the secret).</summary>
    public static void Remember(HttpContext context, ScimCaller caller) => context.Items[typeof(ScimCaller)] = caller;

    /// <summary>The caller an authentication of this request found, or null.</summary>
    public static ScimCaller? CallerOf(HttpContext context) =>
        context.Items.TryGetValue(typeof(ScimCaller), out var caller) ? caller as ScimCaller : null;

    // An OAuth access token is valid while it is unexpired AND its client is not revoked: the client is looked up on
    // every request, so revoking it takes effect at once.
    private async Task<TokenRecord?> FindClientOfAccessTokenAsync(string jwt, CancellationToken cancellationToken)
    {
        var claims = await accessTokens.ValidateAsync(jwt);
        if (claims is not { } valid)
        {
            return null;
        }

        var client = await tenants.GetTokenAsync(valid.Tenant, valid.ClientId, cancellationToken);
        return client?.Kind == TokenKind.OAuthClient ? client : null;
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string HashOf(string header, string secret)
    {
        if (!HashOfHeader.TryGetValue(header, out var hash))
        {
            hash = TokenSecrets.Hash(secret);
            HashOfHeader.TryAdd(header, hash);
        }

        return hash;
    }

    private static bool LooksLikeJwt(string secret) => secret.AsSpan().Count('.') == 2;
}
