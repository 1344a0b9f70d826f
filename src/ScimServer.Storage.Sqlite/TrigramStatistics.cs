using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// How many search keys hold each trigram, so that a <c>co</c> filter asks the trigram index for its rarest trigrams
/// only. FTS5 intersects the doclist of every trigram it is given: "User 84704" has eight, and "Use", "ser" and "er "
/// are in every displayName (100,000 rows at 100,000 users), while "847", "470" and "704" are in 1,900 each and
/// together leave six candidates. Any subset of the trigrams finds a superset of the rows that contain the value,
/// and the filter's own predicate beside the index decides, so a stale count costs speed only, never a result.
/// </summary>
/// <remarks>
/// The counts come from the index's fts5vocab table (step 5 of <see cref="SqliteMigrations"/>), which reads a term's
/// whole doclist: a common trigram costs milliseconds to count, hence the cache. Counts age out so that a store that
/// grew (an initial sync) is ranked by what it holds now; the cache is cleared when full, as <see cref="CountCache"/> is.
/// </remarks>
internal sealed class TrigramStatistics(TimeProvider time)
{
    /// <summary>
    /// Trigrams asked of the index. One is not enough (1,900 candidates to check for "488"); three rare ones leave a
    /// handful, and each more adds a doclist to intersect for no fewer rows.
    /// </summary>
    public const int Chosen = 3;

    /// <summary>Bounds the memory: a trigram of the keys of a million users is one of some hundred thousand.</summary>
    private const int MaxEntries = 65_536;

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Table, string Trigram), (long Count, DateTimeOffset Until)> counts = new();

    /// <summary>
    /// The <see cref="Chosen"/> rarest of <paramref name="trigrams"/> (all of them when there are no more), counting the
    /// ones not known yet with <paramref name="connection"/>; ties keep the order given.
    /// </summary>
    /// <param name="keysTable">The search key table whose trigram index is queried (<c>users_keys</c>).</param>
    public IReadOnlyList<string> Rarest(SqliteConnection connection, string keysTable, IReadOnlyList<string> trigrams)
    {
        if (trigrams.Count <= Chosen)
        {
            return trigrams;
        }

        var now = time.GetUtcNow();
        var ranked = new (long Count, int Order)[trigrams.Count];
        for (var i = 0; i < trigrams.Count; i++)
        {
            ranked[i] = (CountOf(connection, keysTable, trigrams[i], now), i);
        }

        Array.Sort(ranked);
        var rarest = new string[Chosen];
        for (var i = 0; i < Chosen; i++)
        {
            rarest[i] = trigrams[ranked[i].Order];
        }

        return rarest;
    }

    private long CountOf(SqliteConnection connection, string keysTable, string trigram, DateTimeOffset now)
    {
        if (counts.TryGetValue((keysTable, trigram), out var known) && known.Until > now)
        {
            return known.Count;
        }

        // Synchronous like every Microsoft.Data.Sqlite call underneath its async face; rare once the cache is warm.
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT doc FROM {SqliteMigrations.VocabularyTableOf(keysTable)} WHERE term = @term";
        // The trigram tokenizer folds case (its default), so its terms are in lower case even for a case-exact key.
        command.Parameters.AddWithValue("@term", trigram.ToLowerInvariant());
        var count = command.ExecuteScalar() is long found ? found : 0;
        if (counts.Count >= MaxEntries)
        {
            counts.Clear();
        }

        counts[(keysTable, trigram)] = (count, now + Lifetime);
        return count;
    }
}
