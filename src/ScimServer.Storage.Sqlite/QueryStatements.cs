using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The SQL of one list query: the count (when asked for) with the parameters of the filter alone — so every page of
/// one listing has the same count, which the store remembers — and the page (when a page is asked for) with those
/// and its position. The page selects the resource columns, then its sort key (column 9) for the next cursor.
/// </summary>
internal sealed record QueryStatements(
    string? Count, IReadOnlyList<SqlParameterValue> CountParameters, string? Page, IReadOnlyList<SqlParameterValue> Parameters)
{
    public static QueryStatements Build(ResourceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        var table = SqliteScimStore.TableOf(query.ResourceType);
        var sql = new SqliteFilterTranslator(query.ResourceType, query.Tenant);
        var where = "tenant = " + sql.TenantParameter
            + (query.Filter is null ? "" : " AND " + sql.Translate(query.Filter));

        var count = query.CountTotal ? $"SELECT COUNT(*) FROM {table} WHERE {where}" : null;
        var countParameters = sql.Parameters.ToList();
        if (query.Limit == 0)
        {
            return new QueryStatements(count, countParameters, null, sql.Parameters);
        }

        var sortKey = query.Sort is null ? null : sql.SortKey(query.Sort);
        if (query.Sort?.Attribute is { IsFoldedUniqueKey: true, Attribute.Required: true })
        {
            // Every stored user has a userName, so this excludes nothing; it lets the partial unique index (present
            // keys only) serve the order, instead of a sort of the whole tenant for each page.
            where += " AND unique_key IS NOT NULL";
        }

        var descending = query.Sort?.Descending ?? false;
        if (query.After is { } after)
        {
            where += " AND " + sql.After(sortKey, descending, after);
        }

        var direction = descending ? "DESC" : "ASC";
        var orderBy = sortKey is null ? "id ASC" : $"sort_key {direction}, id {direction}";

        // One row more than asked tells whether there is a next page.
        var limit = sql.AddParameter((long)query.Limit + 1);
        var offset = sql.AddParameter(query.After is null ? (long)query.Offset : 0L);
        var page = $"SELECT {SqliteScimStore.ResourceColumns}, {sortKey ?? "NULL"} AS sort_key FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {limit} OFFSET {offset}";
        return new QueryStatements(count, countParameters, page, sql.Parameters);
    }
}
