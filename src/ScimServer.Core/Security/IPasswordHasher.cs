namespace ScimServer.Core.Security;

/// <summary>
/// Hashes the write-only <c>password</c> with a standard key-derivation function before anything stores it.
/// The web host supplies ASP.NET Core Identity's PBKDF2 hasher; Core stays free of it.
/// </summary>
public interface IPasswordHasher
{
    string Hash(string password);
}
