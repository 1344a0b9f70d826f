using Microsoft.AspNetCore.Identity;
using ScimServer.Core.Security;

namespace ScimServer.Security;

/// <summary>
/// The write-only SCIM <c>password</c> hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with HMAC-SHA512, 100,000 iterations, random salt, versioned format): a standard, maintained KDF
/// rather than a scheme of our own.
/// </summary>
internal sealed class IdentityPasswordHasher : IPasswordHasher
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(User, password);
}
