using System.Collections.Concurrent;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The tokens found by their hash, so that authenticating a request is not a query. Every write of the tokens table
/// (create, revoke, a tenant's deletion) calls <see cref="Invalidate"/> after its commit and before it returns: a
/// revocation takes effect at once, for the next request. A token read while such a write commits is kept under the
/// generation read before it, which that write outdated. Misses are not kept (a stream of wrong secrets must not fill
/// memory); the store is the only writer of its file.
/// </summary>
internal sealed class TokenCache
{
    /// <summary>Bounds the memory; a deployment has a few tokens per tenant.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (long Generation, TokenRecord Token)> tokens = new(StringComparer.Ordinal);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string sha256, out TokenRecord? token)
    {
        if (tokens.TryGetValue(sha256, out var entry) && entry.Generation == Generation)
        {
            token = entry.Token;
            return true;
        }

        token = null;
        return false;
    }

    /// <param name="readAt">The generation read before the token was.</param>
    public void Set(string sha256, long readAt, TokenRecord token)
    {
        if (tokens.Count >= MaxEntries)
        {
            tokens.Clear();
        }

        tokens[sha256] = (readAt, token);
    }

    public void Invalidate() => Interlocked.Increment(ref generation);
}
