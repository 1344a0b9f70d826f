using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Events;

/// <summary>
/// Signs Security Event Tokens (RFC 8417) as JWS with the configured asymmetric key (RS256 or ES256) and publishes its
/// public part as a JWKS. The JWS is assembled here so that its header is exactly RFC 8417 §2.3's
/// (<c>typ: secevent+jwt</c>); the signature itself is Microsoft.IdentityModel's.
/// </summary>
internal sealed class SetSigner : ISetSigner, IDisposable
{
    public const string MediaType = "secevent+jwt";

    private readonly AsymmetricAlgorithm _key;
    private readonly SigningCredentials _credentials;
    private readonly string _algorithm;

    public SetSigner(IOptions<EventOptions> options, ILogger<SetSigner> logger)
    {
        var settings = options.Value;
        _algorithm = settings.Algorithm.ToUpperInvariant() switch
        {
            "RS256" => SecurityAlgorithms.RsaSha256,
            "ES256" => SecurityAlgorithms.EcdsaSha256,
            var other => throw new InvalidOperationException($"Events:Algorithm '{other}' is not supported: use RS256 or ES256."),
        };

        if (string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            EventLog.GeneratedSigningKey(logger);
        }

        if (_algorithm == SecurityAlgorithms.RsaSha256)
        {
            var rsa = RSA.Create(2048);
            if (!string.IsNullOrWhiteSpace(settings.SigningKey))
            {
                rsa.ImportFromPem(settings.SigningKey);
            }

            _key = rsa;
            Jwk = new JObject
            {
                ["kty"] = "RSA",
                ["e"] = Base64UrlEncoder.Encode(rsa.ExportParameters(false).Exponent),
                ["n"] = Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus),
            };
        }
        else
        {
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (!string.IsNullOrWhiteSpace(settings.SigningKey))
            {
                ecdsa.ImportFromPem(settings.SigningKey);
            }

            _key = ecdsa;
            var point = ecdsa.ExportParameters(false).Q;
            Jwk = new JObject
            {
                ["crv"] = "P-256",
                ["kty"] = "EC",
                ["x"] = Base64UrlEncoder.Encode(point.X),
                ["y"] = Base64UrlEncoder.Encode(point.Y),
            };
        }

        // RFC 7638 thumbprint: the required members in lexicographic order (as built above), no whitespace.
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(ScimJson.Serialize(Jwk))));
        Jwk["kid"] = KeyId;
        Jwk["use"] = "sig";
        Jwk["alg"] = settings.Algorithm.ToUpperInvariant();

        SecurityKey securityKey = _key is RSA rsaKey ? new RsaSecurityKey(rsaKey) { KeyId = KeyId } : new ECDsaSecurityKey((ECDsa)_key) { KeyId = KeyId };
        _credentials = new SigningCredentials(securityKey, _algorithm);
    }

    public string KeyId { get; }

    public JObject Jwk { get; }

    public JObject Jwks => new() { ["keys"] = new JArray(Jwk.DeepClone()) };

    public string Sign(JObject claims)
    {
        var header = new JObject { ["alg"] = Jwk["alg"], ["kid"] = KeyId, ["typ"] = MediaType };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var factory = _credentials.CryptoProviderFactory ?? _credentials.Key.CryptoProviderFactory;
        var provider = factory.CreateForSigning(_credentials.Key, _algorithm);
        try
        {
            var signature = provider.Sign(Encoding.ASCII.GetBytes(signingInput));
            return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
        }
        finally
        {
            factory.ReleaseSignatureProvider(provider);
        }
    }

    public void Dispose() => _key.Dispose();

    private static string Encode(JObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(ScimJson.Serialize(json)));
}
