using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ScimServer.Hosting;

namespace ScimServer.Security;

/// <summary>
/// Signs and checks the JWT access tokens of the OAuth 2.0 client-credentials grant (RFC 6749 §4.4), which Microsoft
/// Entra ID's gallery requires of SCIM apps. HS256 with <c>Scim:JwtSigningKey</c>; without one, a random key lives as
/// long as the process (tokens then die with a restart and are not shared between instances — set the key in production).
/// </summary>
internal sealed class AccessTokenIssuer
{
    public const string TenantClaim = "tid";
    public const string ClientClaim = "client_id";
    private const string Issuer = "scimserver";
    private const string Audience = "scim";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key;
    private readonly TimeProvider _time;

    public AccessTokenIssuer(IOptions<OAuthOptions> options, TimeProvider time, ILogger<AccessTokenIssuer> logger)
    {
        _time = time;
        Lifetime = TimeSpan.FromMinutes(options.Value.AccessTokenMinutes);
        var configured = options.Value.JwtSigningKey;
        byte[] key;
        if (string.IsNullOrEmpty(configured))
        {
            key = RandomNumberGenerator.GetBytes(32);
            Log.EphemeralSigningKey(logger);
        }
        else
        {
            key = Convert.FromBase64String(configured);
            if (key.Length < 32)
            {
                throw new InvalidOperationException("Scim:JwtSigningKey must be at least 32 bytes, base64-encoded.");
            }
        }

        _key = new SymmetricSecurityKey(key);
    }

    public TimeSpan Lifetime { get; }

    public string Issue(string tenant, string clientId, string clientName)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity([
                new Claim(TenantClaim, tenant),
                new Claim(ClientClaim, clientId),
                new Claim(JwtRegisteredClaimNames.Name, clientName),
            ]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The tenant and client of a valid, unexpired token; null otherwise.</summary>
    public async Task<(string Tenant, string ClientId)?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end > _time.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= _time.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (!result.IsValid
            || !result.Claims.TryGetValue(TenantClaim, out var tenantClaim) || tenantClaim is not string tenant
            || !result.Claims.TryGetValue(ClientClaim, out var clientClaim) || clientClaim is not string clientId)
        {
            return null;
        }

        return (tenant, clientId);
    }
}
