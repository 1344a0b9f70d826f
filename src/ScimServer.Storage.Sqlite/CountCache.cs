using System.Collections.Concurrent;
using System.Text;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Exact <c>totalResults</c> without a count of the tenant on every page (RFC 7644 §3.4.2 requires the total on every
/// list response): a count is kept until the next committed write in its tenant. Every write of resources or
/// membership calls <see cref="Invalidate"/> after its commit and before it returns, so a client that saw its write
/// acknowledged never gets a total from before it; a count computed while a write commits is stored under the
/// generation read before the count, which that write's invalidation already outdated.
/// </summary>
internal sealed class CountCache
{
    /// <summary>Bounds the memory: distinct filters are few in practice (an IdP's reconcile, an admin's list).</summary>
    private const int MaxEntries = 4_096;

    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> orderGenerations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Key), (long Generation, long Count)> counts = new();

    /// <summary>The tenant's write generation, to read before counting.</summary>
    public long Generation(string tenant) => generations.GetValueOrDefault(tenant);

    /// <param name="generation">The generation the caller read before its snapshot began: a count stored under it is of that snapshot's data or later.</param>
    public bool TryGet(string tenant, string key, long generation, out long count)
    {
        if (counts.TryGetValue((tenant, key), out var entry) && entry.Generation == generation && generation == Generation(tenant))
        {
            count = entry.Count;
            return true;
        }

        count = 0;
        return false;
    }

    public void Set(string tenant, string key, long generation, long count)
    {
        if (counts.Count >= MaxEntries)
        {
            counts.Clear();
        }

        counts[(tenant, key)] = (generation, count);
    }

    /// <summary>
    /// The tenant's order generation: what outdates the page bookmarks of its unfiltered listings in id order. Only
    /// a write that may move a resource in that order (a delete, a creation whose id is not above every other)
    /// advances it; a change of attributes, of membership, or a creation at the end (ids are time-ordered UUIDv7)
    /// leaves every earlier position where it was.
    /// </summary>
    public long OrderGeneration(string tenant) => orderGenerations.GetValueOrDefault(tenant);

    /// <summary>After a committed write in <paramref name="tenant"/>: its cached counts no longer hold.</summary>
    /// <param name="keptOrder">The write moved no resource in the id order (see <see cref="OrderGeneration"/>).</param>
    public void Invalidate(string tenant, bool keptOrder = false)
    {
        generations.AddOrUpdate(tenant, 1, static (_, generation) => generation + 1);
        if (!keptOrder)
        {
            orderGenerations.AddOrUpdate(tenant, 1, static (_, generation) => generation + 1);
        }
    }

    /// <summary>The cache key of a count: its SQL and its parameter values.</summary>
    public static string KeyOf(string sql, IReadOnlyList<SqlParameterValue> parameters)
    {
        var key = new StringBuilder(sql);
        foreach (var parameter in parameters)
        {
            key.Append('\u001f').Append(parameter.Name).Append('=').Append(parameter.Value?.GetType().Name).Append(':').Append(parameter.Value);
        }

        return key.ToString();
    }
}
