using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ScimServer.Security;

/// <summary>Bearer token secrets: 256 random bits, shown once, stored only as their SHA-256.</summary>
internal static class TokenSecrets
{
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
