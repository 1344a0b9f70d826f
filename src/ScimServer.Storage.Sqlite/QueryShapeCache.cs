using System.Collections.Concurrent;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The statements of the list queries' shapes in use (<see cref="QueryShape"/>), so that a query of a known shape gets
/// them with its own values bound instead of having its filter translated to SQL again, for every
/// <c>emails[type eq "work"].value eq</c> an identity provider sends per user it matches (issue 12): the translation
/// itself was 0.5–0.8 % of the server's CPU for one, yet paired runs found the kept statements 6–12 % cheaper per
/// <c>eq</c> request, likely the SQL text and parameter lists no longer made per request (not proven). A shape whose SQL depends on a value (a <c>co</c> on a search key asks the trigram index for that
/// value's rarest trigrams) is remembered as such and translated anew each time, with its values.
/// </summary>
/// <remarks>
/// Bounded: at <see cref="Capacity"/> shapes, a new one first evicts those not used again since they came or since the
/// last eviction (all of them when every one was), so a client sending ever new shapes costs translations, never memory,
/// and the shapes in steady use stay. Tenants share the entries: a shape holds no tenant, the tenant is a parameter bound per query.
/// </remarks>
internal sealed class QueryShapeCache
{
    /// <summary>Shapes kept at most; a few dozen are in use by a server's identity providers.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<QueryShape, Entry> entries = new();
    private readonly Lock adding = new();
    private long translated;

    /// <summary>How many shapes were translated (each a miss of the cache): for the tests.</summary>
    public long ShapesTranslated => Interlocked.Read(ref translated);

    /// <summary>How many shapes are kept now: for the tests.</summary>
    public int Count => entries.Count;

    /// <summary>The statements of <paramref name="query"/>: its shape's with its values, or translated from it.</summary>
    public QueryStatements Statements(ResourceQuery query, TrigramChooser? chooseTrigrams)
    {
        ArgumentNullException.ThrowIfNull(query);
        var literals = new List<object>(4);
        if (QueryShape.Of(query, literals) is not { } shape)
        {
            return QueryStatements.Build(query, chooseTrigrams);
        }

        if (entries.TryGetValue(shape, out var entry))
        {
            entry.Used = true;
        }
        else
        {
            entry = Add(shape);
        }

        return entry.Statements is { } statements
            ? statements.Bind(query.Tenant, query.Offset, literals)
            : QueryStatements.Build(query, chooseTrigrams);
    }

    private Entry Add(QueryShape shape)
    {
        Interlocked.Increment(ref translated);
        QueryStatements? statements;
        try
        {
            statements = QueryStatements.BuildShape(shape);
        }
        catch (ValueDependentTranslationException)
        {
            statements = null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // A filter the translator refuses: translating the query itself refuses it the same way, uncached.
            return new Entry(null);
        }

        var entry = new Entry(statements);
        lock (adding)
        {
            if (entries.TryGetValue(shape, out var existing))
            {
                return existing;
            }

            if (entries.Count >= Capacity)
            {
                Evict();
            }

            entries[shape] = entry;
        }

        return entry;
    }

    /// <summary>Removes the shapes not used since the last eviction, or every shape when each one was.</summary>
    private void Evict()
    {
        var removed = 0;
        foreach (var (shape, entry) in entries)
        {
            if (entry.Used)
            {
                entry.Used = false;
            }
            else if (entries.TryRemove(shape, out _))
            {
                removed++;
            }
        }

        if (removed == 0)
        {
            entries.Clear();
        }
    }

    /// <summary>A shape's statements, or null when its SQL depends on its values.</summary>
    private sealed class Entry(QueryStatements? statements)
    {
        public QueryStatements? Statements { get; } = statements;

        /// <summary>Used again since it came or since the last eviction (a benign race: a use missed costs a translation).</summary>
        public bool Used { get; set; }
    }
}
