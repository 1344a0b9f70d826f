using System.Collections.Concurrent;
using System.Collections.Immutable;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Index paging (<c>startIndex</c>) without walking every skipped match: for a listing (tenant, filter, order) the store
/// remembers the position of every <see cref="Spacing"/>-th match, so a page at startIndex k seeks to the mark before
/// it and skips fewer than <see cref="Spacing"/> rows, whatever k is. SQLite's OFFSET steps over each skipped row (and
/// evaluates the filter on it): a random page of 100,000 users walked 50,000 rows on average. Marks are placed by the
/// walks that deep pages need anyway and are stored under a generation of <see cref="CountCache"/>: for a filtered or
/// sorted listing, the tenant's generation (any committed write outdates them, like the counts); for the unfiltered
/// listing in id order, the order generation, which only a write that moves a resource in that order advances — so a
/// reconcile paging through a million users keeps its marks while an HR sync creates and updates users. A page read while a write commits may be placed as of just before that
/// write — index paging under concurrent changes is not stable anyway (RFC 7644 §3.4.2.4), cursors are (RFC 9865).
/// </summary>
internal sealed class PageBookmarks
{
    /// <summary>Rows between two marks: the most a page skips row by row (256 rows: well under a millisecond).</summary>
    public const int Spacing = 256;

    /// <summary>Bounds the memory (a mark is a sort value and an id): few listings are paged deep at once.</summary>
    private const int MaxListings = 64;

    private readonly ConcurrentDictionary<(string Tenant, string Key), Entry> listings = new();

    /// <summary>
    /// The marks known for the listing under <paramref name="generation"/>: mark j is the position of the
    /// ((j + 1) × <see cref="Spacing"/>)-th match. Read the generation before the snapshot begins, as for a count.
    /// </summary>
    public ImmutableArray<KeysetPosition> Known(string tenant, string key, long generation) =>
        listings.TryGetValue((tenant, key), out var entry) && entry.Generation == generation ? entry.Marks : [];

    public void Remember(string tenant, string key, long generation, ImmutableArray<KeysetPosition> marks)
    {
        if (listings.Count >= MaxListings)
        {
            listings.Clear();
        }

        listings[(tenant, key)] = new Entry(generation, marks);
    }

    private sealed record Entry(long Generation, ImmutableArray<KeysetPosition> Marks);
}
