using ScimServer.Core.Filtering;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Narrowing through the search keys (schema step 3): a comparison on a declared search key becomes "the id is among
/// the rows whose key matches", which SQLite answers from an index — the b-tree for eq and sw, the FTS5 index of the
/// backwards values for ew, the FTS5 trigram index for co — and the caller keeps the document predicate beside it, which
/// decides.
/// </summary>
internal sealed partial class SqliteFilterTranslator
{
    /// <summary>The trigram index finds substrings of three code points or more; a shorter one reads the path's keys.</summary>
    private const int TrigramLength = 3;

    /// <summary>
    /// The greatest code point: every string that starts with a prefix p sorts (as UTF-8, SQLite's BINARY order)
    /// before p followed by it, unless it continues with U+10FFFF itself, a noncharacter no name or address holds.
    /// </summary>
    private const string HighestCharacter = "\U0010FFFF";

    /// <summary>
    /// The distinct trigrams (three code points, as the trigram tokenizer cuts them) of <paramref name="value"/>, in
    /// ordinal order.
    /// </summary>
    internal static IReadOnlyList<string> TrigramsOf(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        var trigrams = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + TrigramLength <= runes.Length; i++)
        {
            trigrams.Add(string.Concat(runes[i].ToString(), runes[i + 1].ToString(), runes[i + 2].ToString()));
        }

        return [.. trigrams];
    }

    /// <summary>An FTS5 query for the rows holding every one of <paramref name="trigrams"/>: each a string, so no character is read as query syntax.</summary>
    internal static string MatchAll(IEnumerable<string> trigrams) =>
        string.Join(" AND ", trigrams.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>The longest prefix a backwards index query asks for, in UTF-16 code units (see <see cref="PrefixQuery"/>).</summary>
    internal const int LongestPrefixQuery = 256;

    /// <summary>
    /// An FTS5 prefix query for the tokens that start with <paramref name="prefix"/>: one string, so no character is read
    /// as query syntax. The backwards index's tokenizer makes a whole value one token (FTS5 cuts one at 32 KiB), so a
    /// prefix of at most <see cref="LongestPrefixQuery"/> code units, never splitting a surrogate pair, asks for every
    /// key that starts with the whole one, and perhaps more.
    /// </summary>
    internal static string PrefixQuery(string prefix)
    {
        if (prefix.Length > LongestPrefixQuery)
        {
            var cut = LongestPrefixQuery;
            if (char.IsHighSurrogate(prefix[cut - 1]))
            {
                cut--;
            }

            prefix = prefix[..cut];
        }

        return "\"" + prefix.Replace("\"", "\"\"", StringComparison.Ordinal) + "\" *";
    }

    /// <summary>An <c>id IN (…)</c> predicate of the rows whose key can satisfy <paramref name="comparison"/>, or null.</summary>
    private string? SearchKeyCandidates(BoundComparison comparison)
    {
        var literal = comparison.Value;
        if (comparison.Attribute.SearchKey is not { } searchKey
            || comparison.Operator is not (ComparisonOperator.Eq or ComparisonOperator.Sw or ComparisonOperator.Co or ComparisonOperator.Ew)
            || KindOf(literal) != SlotKind.Text)
        {
            return null;
        }

        var keys = SqliteMigrations.KeysTableOf(SqliteScimStore.TableOf(resourceType));
        var scope = $"tenant = {TenantParameter} AND path = {AddParameter(searchKey.Name)}";
        switch (comparison.Operator)
        {
            case ComparisonOperator.Eq:
                return $"id IN (SELECT id FROM {keys} WHERE {scope} AND value = {AddParameter(literal, text => searchKey.KeyOf((string)text))})";
            case ComparisonOperator.Sw:
                var from = AddParameter(literal, text => searchKey.KeyOf((string)text));
                var below = AddParameter(literal, text => searchKey.KeyOf((string)text) + HighestCharacter);
                return $"id IN (SELECT id FROM {keys} WHERE {scope} AND value >= {from} AND value < {below})";
            case ComparisonOperator.Ew:
                // A suffix is a prefix of the value backwards: the backwards index (schema step 7) finds the keys whose
                // backwards value starts with it (case folded: candidates), and the range on each candidate's own
                // backwards value keeps exactly the keys a range on it would, as before.
                var index = SqliteMigrations.BackwardsIndexOf(keys);
                var prefix = AddParameter(literal, text => PrefixQuery(SqliteScimStore.Backwards(searchKey.KeyOf((string)text))));
                var backwardsFrom = AddParameter(literal, text => SqliteScimStore.Backwards(searchKey.KeyOf((string)text)));
                var backwardsBelow = AddParameter(literal, text => SqliteScimStore.Backwards(searchKey.KeyOf((string)text)) + HighestCharacter);
                return $"id IN (SELECT id FROM {keys} WHERE rowid IN (SELECT rowid FROM {index} WHERE {index} MATCH {prefix}) AND {scope} AND eulav >= {backwardsFrom} AND eulav < {backwardsBelow})";
            default:
                // Which trigrams to ask for (and whether there are any) depends on the value: no shape has this SQL.
                var value = searchKey.KeyOf(TextOf(literal));
                if (value.EnumerateRunes().Count() < TrigramLength)
                {
                    return $"id IN (SELECT id FROM {keys} WHERE {scope} AND instr(value, {AddParameter(value)}) > 0)";
                }

                // The rows that hold the value's trigrams (the rarest ones, when the store ranks them): a superset of
                // those that contain it, and the predicate beside decides. A MATCH of the trigrams rather than
                // LIKE '%value%', which intersects every doclist and then reads every candidate's text again: 2-3
                // times slower at 100,000 users (5 ms vs 2 ms).
                var trigrams = TrigramsOf(value);
                var asked = chooseTrigrams?.Invoke(keys, trigrams) ?? trigrams;
                return $"id IN (SELECT id FROM {keys} WHERE rowid IN (SELECT rowid FROM {keys}_fts WHERE {keys}_fts MATCH {AddParameter(MatchAll(asked))}) AND {scope})";
        }
    }
}
