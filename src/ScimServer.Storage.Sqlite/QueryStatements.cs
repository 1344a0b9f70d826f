using System.Globalization;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The SQL of one list query: the count (when asked for) with the parameters of the filter alone — so every page of
/// one listing has the same count, which the store remembers — and the page (when a page is asked for) with those
/// and its position. The page selects the resource columns, then its sort key (column 9) for the next cursor.
/// </summary>
/// <param name="CountIsKept">
/// The count reads the tenant's kept number of resources (an unfiltered listing): exact in the page's own snapshot,
/// as cheap as a cached count, so it is neither cached nor outdated by a write.
/// </param>
internal sealed record QueryStatements(
    string? Count, IReadOnlyList<SqlParameterValue> CountParameters, string? Page, IReadOnlyList<SqlParameterValue> Parameters,
    bool CountIsKept = false)
{
    /// <param name="chooseTrigrams">Which trigrams of a <c>co</c> value the trigram index is asked for; all when null.</param>
    public static QueryStatements Build(ResourceQuery query, TrigramChooser? chooseTrigrams = null) => Build(query, chooseTrigrams, shape: false);

    /// <summary>
    /// The statements of every query of <paramref name="shape"/>, with <see cref="ShapeParameter"/>s for the tenant, the
    /// offset and the literals: <see cref="Bind"/> gives one query's.
    /// </summary>
    /// <exception cref="ValueDependentTranslationException">The SQL of this shape depends on a literal's value.</exception>
    public static QueryStatements BuildShape(QueryShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Build(shape.Query, chooseTrigrams: null, shape: true);
    }

    /// <summary>These statements (of a shape, <see cref="BuildShape"/>) with one query's values in their parameters.</summary>
    public QueryStatements Bind(string tenant, long offset, IReadOnlyList<object> literals)
    {
        var values = new SqlParameterValue[Parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = Parameters[i];
            values[i] = parameter.Value is ShapeParameter source
                ? new SqlParameterValue(parameter.Name, source.ValueFor(tenant, offset, literals))
                : parameter;
        }

        // The count's parameters are the filter's, the first of the page's (Build).
        var count = new ArraySegment<SqlParameterValue>(values, 0, CountParameters.Count);
        return this with { CountParameters = count, Parameters = values };
    }

    private static QueryStatements Build(ResourceQuery query, TrigramChooser? chooseTrigrams, bool shape)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        // A count alone needs no order (and a sort the page could not serve must not fail it).
        var listing = Listing.Of(query, ordered: query.Limit > 0, chooseTrigrams, shape);
        var kept = query.Filter is null;
        var count = !query.CountTotal ? null
            : kept ? $"SELECT COALESCE((SELECT n FROM {SqliteMigrations.CountsTable} WHERE tenant = {listing.Sql.TenantParameter} AND resource_table = '{listing.Table}'), 0)"
            : $"SELECT COUNT(*) FROM {listing.Table} WHERE {listing.Filter}";
        var countParameters = listing.Sql.Parameters.ToList();
        if (query.Limit == 0)
        {
            return new QueryStatements(count, countParameters, null, listing.Sql.Parameters, kept);
        }

        // One row more than asked tells whether there is a next page. The limit is written into the SQL, not bound:
        // SQLite (3.47 on) plans with a bound LIMIT's value and so re-prepares the statement each time the parameter is
        // bound again, which was a quarter of an eq filter's CPU. A page's limit takes few values (the count asked).
        var page = listing.Select(
            $"{SqliteScimStore.ResourceColumns}, {listing.SortKey ?? "NULL"} AS sort_key", query.After, (long)query.Limit + 1,
            shape ? ShapeParameter.Offset : (long)query.Offset, literalLimit: true);
        return new QueryStatements(count, countParameters, page, listing.Sql.Parameters, kept);
    }

    /// <summary>
    /// The sort key (column 0) and id (column 1) of up to <paramref name="rows"/> matches of <paramref name="query"/>'s
    /// listing after <paramref name="from"/> (from the first when null), in the listing's order: the walk that places
    /// <see cref="PageBookmarks"/>. It reads the indexes the page reads, without the documents where the filter allows.
    /// </summary>
    public static (string Sql, IReadOnlyList<SqlParameterValue> Parameters) Walk(
        ResourceQuery query, KeysetPosition? from, long rows, TrigramChooser? chooseTrigrams = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var listing = Listing.Of(query, ordered: true, chooseTrigrams, shape: false);
        // Bound, re-prepared each walk (rare, and far dearer than its preparation): a walk's length takes many values,
        // which as text would crowd the kept statements out.
        var sql = listing.Select($"{listing.SortKey ?? "NULL"} AS sort_key, id", from, rows, offset: 0L, literalLimit: false);
        return (sql, listing.Sql.Parameters);
    }

    /// <summary>
    /// What identifies a listing whatever its position: the walk's SQL from the start and the filter's values (every
    /// trigram of a <c>co</c> value, so the key does not change when the trigrams asked of the index do).
    /// </summary>
    public static string ListingKey(ResourceQuery query)
    {
        var listing = Listing.Of(query, ordered: true, chooseTrigrams: null, shape: false);
        return CountCache.KeyOf($"{listing.Table} WHERE {listing.PageFilter} ORDER BY {listing.OrderBy}", listing.Sql.Parameters);
    }

    /// <summary>The parts every statement of one listing shares.</summary>
    private sealed record Listing(
        string Table, SqliteFilterTranslator Sql, string Filter, string PageFilter, string? SortKey, bool Descending, string OrderBy)
    {
        public static Listing Of(ResourceQuery query, bool ordered, TrigramChooser? chooseTrigrams, bool shape)
        {
            var table = SqliteScimStore.TableOf(query.ResourceType);
            var sql = shape ? SqliteFilterTranslator.ForShape(query.ResourceType) : new SqliteFilterTranslator(query.ResourceType, query.Tenant, chooseTrigrams);
            var filter = "tenant = " + sql.TenantParameter
                + (query.Filter is null ? "" : " AND " + sql.Translate(query.Filter));
            var sortKey = query.Sort is null || !ordered ? null : sql.SortKey(query.Sort);

            // Every stored user has a userName, so this excludes nothing; it lets the partial unique index (present
            // keys only) serve the order, instead of a sort of the whole tenant for each page.
            var inOrder = ordered && query.Sort?.Attribute is { IsFoldedUniqueKey: true, Attribute.Required: true }
                ? filter + " AND unique_key IS NOT NULL"
                : filter;
            var descending = query.Sort?.Descending ?? false;
            var direction = descending ? "DESC" : "ASC";
            var orderBy = sortKey is null ? "id ASC" : $"sort_key {direction}, id {direction}";
            return new Listing(table, sql, filter, inOrder, sortKey, descending, orderBy);
        }

        /// <param name="offset">The number of rows skipped, or <see cref="ShapeParameter.Offset"/> in a shape's statements.</param>
        public string Select(string columns, KeysetPosition? after, long limit, object offset, bool literalLimit)
        {
            var where = after is null ? PageFilter : PageFilter + " AND " + Sql.After(SortKey, Descending, after);
            var limitParameter = literalLimit ? limit.ToString(CultureInfo.InvariantCulture) : Sql.AddParameter(limit);
            var offsetParameter = Sql.AddParameter(offset);
            return $"SELECT {columns} FROM {Table} WHERE {where} ORDER BY {OrderBy} LIMIT {limitParameter} OFFSET {offsetParameter}";
        }
    }
}
