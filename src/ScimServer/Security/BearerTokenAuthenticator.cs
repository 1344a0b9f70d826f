using Microsoft.Net.Http.Headers;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Security;

/// <summary>
/// Resolves <c>Authorization: Bearer …</c> to a <see cref="ScimCaller"/>. Tokens are looked up by the SHA-256 of the
/// secret on every request, so a revoked token is refused at once.
/// </summary>
internal sealed class BearerTokenAuthenticator(ITenantStore tenants, TimeProvider time)
{
    private const string Scheme = "Bearer ";

    public async Task<(ScimCaller? Caller, ScimError? Error)> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return (null, ScimError.Unauthorized("A bearer token is required: Authorization: Bearer <token>."));
        }

        var secret = header[Scheme.Length..].Trim();
        var token = await tenants.FindTokenAsync(TokenSecrets.Hash(secret), context.RequestAborted);
        if (token is null || token.Revoked is not null || token.Expires <= time.GetUtcNow())
        {
            return (null, ScimError.Unauthorized("The bearer token is not valid."));
        }

        return (new ScimCaller(token.Id, token.Name, token.Tenant), null);
    }
}
