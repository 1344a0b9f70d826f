using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// A list query with its values taken out, the key under which <see cref="QueryShapeCache"/> keeps its statements: the
/// tenant and the offset emptied, each literal of the filter replaced by a numbered <see cref="LiteralSlot"/> that keeps
/// only its type and <see cref="SlotKind"/>, and every attribute's path compared by its segments. Two queries are of one
/// shape when these are equal as records, so whatever the translator reads of the query besides those values (the
/// attribute definitions, operators, sort, limit, a property added later) is in the key.
/// </summary>
/// <remarks>
/// The translator is handed the shape itself, not a query with values: it cannot write a value into the SQL it builds
/// for a shape, and a translation that needs more of a value than its kind (the trigrams of a <c>co</c> on a search key)
/// fails with <see cref="ValueDependentTranslationException"/>, so that such a shape is never cached.
/// </remarks>
internal sealed class QueryShape : IEquatable<QueryShape>
{
    private readonly int hash;

    private QueryShape(ResourceQuery query, int hash)
    {
        Query = query;
        this.hash = hash;
    }

    /// <summary>The query with its values taken out: what the statements are translated from.</summary>
    public ResourceQuery Query { get; }

    /// <summary>
    /// The shape of <paramref name="query"/>, its literals' values added to <paramref name="literals"/> in slot order; null
    /// for a query that is not cached: one with a cursor position, or a literal of a kind no slot stands for.
    /// </summary>
    public static QueryShape? Of(ResourceQuery query, List<object> literals)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(literals);
        if (query.After is not null)
        {
            return null;
        }

        var hash = new HashCode();
        hash.Add(query.ResourceType, StringComparer.Ordinal);
        hash.Add(query.Limit);
        BoundFilter? filter = null;
        if (query.Filter is not null)
        {
            filter = Slotted(query.Filter, literals, ref hash);
            if (filter is null)
            {
                return null;
            }
        }

        var sort = query.Sort is { } s ? s with { Attribute = Keyed(s.Attribute, ref hash) } : null;
        return new QueryShape(query with { Tenant = "", Offset = 0, Filter = filter, Sort = sort }, hash.ToHashCode());
    }

    /// <summary>What the translator may know of a value without the value: its kind.</summary>
    public static SlotKind KindOf(object? value) => value switch
    {
        null => SlotKind.Null,
        string { Length: 0 } => SlotKind.EmptyText,
        string => SlotKind.Text,
        bool => SlotKind.Boolean,
        decimal or long or int or double or float => SlotKind.Number,
        _ => SlotKind.Other,
    };

    public bool Equals(QueryShape? other) => other is not null && hash == other.hash && Query.Equals(other.Query);

    public override bool Equals(object? obj) => Equals(obj as QueryShape);

    public override int GetHashCode() => hash;

    /// <summary>The filter with slots for its literals, or null when a node or a literal has no shape.</summary>
    private static BoundFilter? Slotted(BoundFilter filter, List<object> literals, ref HashCode hash)
    {
        hash.Add(filter.GetType().Name, StringComparer.Ordinal);
        switch (filter)
        {
            case BoundAnd and:
                return Slotted(and.Left, literals, ref hash) is { } left && Slotted(and.Right, literals, ref hash) is { } right
                    ? new BoundAnd(left, right)
                    : null;
            case BoundOr or:
                return Slotted(or.Left, literals, ref hash) is { } orLeft && Slotted(or.Right, literals, ref hash) is { } orRight
                    ? new BoundOr(orLeft, orRight)
                    : null;
            case BoundNot not:
                return Slotted(not.Inner, literals, ref hash) is { } inner ? new BoundNot(inner) : null;
            case BoundPresent present:
                return new BoundPresent(Keyed(present.Attribute, ref hash));
            case BoundValuePath valuePath:
                var attribute = Keyed(valuePath.Attribute, ref hash);
                return Slotted(valuePath.Filter, literals, ref hash) is { } elements ? new BoundValuePath(attribute, elements) : null;
            case BoundComparison comparison:
                var kind = KindOf(comparison.Value.Value);
                if (kind is SlotKind.Null or SlotKind.Other)
                {
                    return null;
                }

                hash.Add(comparison.Operator);
                hash.Add(kind);
                var slot = new BoundLiteral(comparison.Value.Type, new LiteralSlot(literals.Count, kind));
                literals.Add(comparison.Value.Value!);
                return new BoundComparison(Keyed(comparison.Attribute, ref hash), comparison.Operator, slot);
            default:
                // A node added later is not cached until it is given a shape here.
                return null;
        }
    }

    /// <summary>The attribute with a path that compares by its segments (a bound path is a list, equal only to itself).</summary>
    private static BoundAttribute Keyed(BoundAttribute attribute, ref HashCode hash)
    {
        var path = new PathKey(attribute.StoragePath);
        hash.Add(path);
        hash.Add(attribute.SubAttribute?.Name, StringComparer.Ordinal);
        return attribute with { StoragePath = path };
    }

    /// <summary>A stored path that equals another of the same segments.</summary>
    private sealed class PathKey(IReadOnlyList<string> segments) : IReadOnlyList<string>, IEquatable<PathKey>
    {
        private readonly string[] segments = [.. segments];

        public int Count => segments.Length;

        public string this[int index] => segments[index];

        public bool Equals(PathKey? other) => other is not null && segments.AsSpan().SequenceEqual(other.segments);

        public override bool Equals(object? obj) => Equals(obj as PathKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var segment in segments)
            {
                hash.Add(segment, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)segments).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => segments.GetEnumerator();
    }
}

/// <summary>What a shape keeps of a literal: the kinds the translator may tell apart without reading the value.</summary>
internal enum SlotKind
{
    Null,
    EmptyText,
    Text,
    Boolean,
    Number,
    Other,
}

/// <summary>The place of a literal in a <see cref="QueryShape"/>: the <paramref name="Index"/>th value of the query.</summary>
internal sealed record LiteralSlot(int Index, SlotKind Kind);

/// <summary>
/// A parameter of statements translated from a <see cref="QueryShape"/>: the query's tenant, its offset, or
/// <see cref="Map"/> of its <see cref="Slot"/>th literal. <see cref="Map"/> is a function of the value alone (folding,
/// a search key, a canonical member type), fixed by the shape.
/// </summary>
internal sealed record ShapeParameter(int Slot, Func<object, object?>? Map)
{
    public static ShapeParameter Tenant { get; } = new(-1, null);

    public static ShapeParameter Offset { get; } = new(-2, null);

    public object? ValueFor(string tenant, long offset, IReadOnlyList<object> literals) => Slot switch
    {
        -1 => tenant,
        -2 => offset,
        _ => Map!(literals[Slot]),
    };
}

/// <summary>A shape was asked for SQL that depends on one of its literals' values, not only on their kinds.</summary>
internal sealed class ValueDependentTranslationException : Exception
{
    public ValueDependentTranslationException()
        : base("This translation depends on a literal's value: it cannot be made for a query shape.")
    {
    }

    public ValueDependentTranslationException(string message)
        : base(message)
    {
    }

    public ValueDependentTranslationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
