using Microsoft.Data.Sqlite;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The search keys of each resource (<see cref="SearchKeys"/>, the one Core rule), computed from the document on every
/// write and written in the same transaction, so the index never disagrees with the documents. The trigram index
/// (<c>…_keys_fts</c>) and the backwards index (<c>…_keys_eulav</c>, schema step 7), both external content over the
/// keys table, are fed once per shared write transaction (group commit):
/// the rows above the highest rowid the batch started with (never reused: AUTOINCREMENT), by one statement at its
/// end. A removed key that was already indexed leaves the index with its value (FTS5's 'delete' command); one added
/// in the same batch was not indexed yet.
/// FTS5 flushes its pending terms into a new segment at every statement savepoint, so feeding it per write (each in
/// its own savepoint) cost a segment per write.
/// </summary>
public sealed partial class SqliteScimStore
{
    private static readonly string[] KeysTables = [SqliteMigrations.KeysTableOf("users"), SqliteMigrations.KeysTableOf("groups")];

    /// <summary>
    /// Per keys table, the highest rowid already in the trigram index during the current shared write transaction.
    /// Read and written only by the write queue's one writer, inside its batches.
    /// </summary>
    private readonly Dictionary<string, long> indexedKeysUpTo = new(StringComparer.Ordinal);

    /// <summary>At most this many keys in one INSERT (three parameters each, beside tenant and id).</summary>
    private const int KeysPerInsert = 16;

    /// <summary>The writer's multi-row key INSERTs, by keys table and number of rows. Used by the writer alone.</summary>
    private readonly Dictionary<(string KeysTable, int Rows), string> keyInsertSql = [];

    /// <summary>Replaces the keys of <paramref name="resource"/> with its current ones.</summary>
    private async Task WriteSearchKeysAsync(SqliteWriter writer, StoredResource resource, bool replacing, CancellationToken cancellationToken)
    {
        var row = RowOf(resource);
        if (replacing)
        {
            await DeleteSearchKeysAsync(writer, row.KeysTable, resource.Tenant, resource.Id, cancellationToken);
        }

        await InsertSearchKeysAsync(writer, row, cancellationToken);
    }

    /// <summary>
    /// The keys of <paramref name="row"/>, several rows to an INSERT: a user has about six keys, and one statement
    /// each cost the writer its fixed work (binding, stepping, resetting) six times over.
    /// </summary>
    private async Task InsertSearchKeysAsync(SqliteWriter writer, ResourceRow row, CancellationToken cancellationToken)
    {
        var keys = row.Keys;
        for (var start = 0; start < keys.Count; start += KeysPerInsert)
        {
            var count = Math.Min(KeysPerInsert, keys.Count - start);
            var insert = writer.Command(KeyInsertSql(row.KeysTable, count));
            insert.Parameters.AddWithValue("@tenant", row.Resource.Tenant);
            insert.Parameters.AddWithValue("@id", row.Resource.Id);
            for (var i = 0; i < count; i++)
            {
                var (path, value, eulav) = keys[start + i];
                var names = KeyParameterNames[i];
                insert.Parameters.AddWithValue(names.Path, path);
                insert.Parameters.AddWithValue(names.Value, value);
                insert.Parameters.AddWithValue(names.Eulav, eulav);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static readonly (string Path, string Value, string Eulav)[] KeyParameterNames = Enumerable.Range(0, KeysPerInsert)
        .Select(i => (FormattableString.Invariant($"@p{i}"), FormattableString.Invariant($"@v{i}"), FormattableString.Invariant($"@e{i}")))
        .ToArray();

    private string KeyInsertSql(string keysTable, int rows)
    {
        if (!keyInsertSql.TryGetValue((keysTable, rows), out var sql))
        {
            var values = string.Join(", ", KeyParameterNames.Take(rows).Select(n => $"(@tenant, @id, {n.Path}, {n.Value}, {n.Eulav})"));
            sql = $"INSERT INTO {keysTable} (tenant, id, path, value, eulav) VALUES {values}";
            keyInsertSql[(keysTable, rows)] = sql;
        }

        return sql;
    }

    /// <summary>At the start of a shared write transaction: the highest key rowid of each keys table, all indexed.</summary>
    private async Task BeginWriteBatchAsync(SqliteWriter writer)
    {
        foreach (var keysTable in KeysTables)
        {
            indexedKeysUpTo[keysTable] = await LastSearchKeyAsync(writer, keysTable, CancellationToken.None);
        }
    }

    /// <summary>At the end of a shared write transaction: the keys its writes added go into the trigram index.</summary>
    private async Task EndWriteBatchAsync(SqliteWriter writer)
    {
        foreach (var keysTable in KeysTables)
        {
            await IndexSearchKeysAfterAsync(writer, keysTable, indexedKeysUpTo[keysTable], CancellationToken.None);
        }
    }

    /// <summary>The highest rowid of a keys table: the keys a batch adds are those above it (one writer at a time).</summary>
    private static async Task<long> LastSearchKeyAsync(SqliteWriter writer, string keysTable, CancellationToken cancellationToken)
    {
        var command = writer.Command($"SELECT COALESCE(MAX(rowid), 0) FROM {keysTable}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the keys above <paramref name="after"/> to the trigram and the backwards indexes, in one statement each.</summary>
    private static async Task IndexSearchKeysAfterAsync(SqliteWriter writer, string keysTable, long after, CancellationToken cancellationToken)
    {
        var index = writer.Command($"INSERT INTO {keysTable}_fts (rowid, value) SELECT rowid, value FROM {keysTable} WHERE rowid > @after");
        index.Parameters.AddWithValue("@after", after);
        await index.ExecuteNonQueryAsync(cancellationToken);
        var backwards = SqliteMigrations.BackwardsIndexOf(keysTable);
        var indexBackwards = writer.Command($"INSERT INTO {backwards} (rowid, eulav) SELECT rowid, eulav FROM {keysTable} WHERE rowid > @after");
        indexBackwards.Parameters.AddWithValue("@after", after);
        await indexBackwards.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes a tenant's keys out of the trigram index (before its rows go), in one statement.</summary>
    private static async Task UnindexTenantSearchKeysAsync(
        SqliteConnection connection, SqliteTransaction transaction, string keysTable, string tenant, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var backwards = SqliteMigrations.BackwardsIndexOf(keysTable);
        command.CommandText = $"""
            INSERT INTO {keysTable}_fts ({keysTable}_fts, rowid, value) SELECT 'delete', rowid, value FROM {keysTable} WHERE tenant = @tenant;
            INSERT INTO {backwards} ({backwards}, rowid, eulav) SELECT 'delete', rowid, eulav FROM {keysTable} WHERE tenant = @tenant;
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand CreateSearchKeyInsert(SqliteConnection connection, SqliteTransaction transaction, string keysTable)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = SearchKeyInsertSql(keysTable);
        AddSearchKeyParameters(insert);
        return insert;
    }

    private static string SearchKeyInsertSql(string keysTable) =>
        $"INSERT INTO {keysTable} (tenant, id, path, value, eulav) VALUES (@tenant, @id, @path, @value, @eulav)";

    private static void AddSearchKeyParameters(SqliteCommand insert)
    {
        insert.Parameters.Add("@tenant", SqliteType.Text);
        insert.Parameters.Add("@id", SqliteType.Text);
        insert.Parameters.Add("@path", SqliteType.Text);
        insert.Parameters.Add("@value", SqliteType.Text);
        insert.Parameters.Add("@eulav", SqliteType.Text);
    }

    private static async Task InsertSearchKeysAsync(
        SqliteCommand insert, string tenant, string id, IReadOnlyList<SearchKey> keys, CancellationToken cancellationToken)
    {
        insert.Parameters["@tenant"].Value = tenant;
        insert.Parameters["@id"].Value = id;
        foreach (var key in keys)
        {
            insert.Parameters["@path"].Value = key.Path;
            insert.Parameters["@value"].Value = key.Value;
            insert.Parameters["@eulav"].Value = Backwards(key.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A string backwards by code point (a surrogate pair stays whole), so that the strings ending with s are those
    /// whose backwards form starts with s backwards.
    /// </summary>
    internal static string Backwards(string value) => string.Create(value.Length, value, static (target, source) =>
    {
        // Reversed chars put a surrogate pair low-first: swap it back. A lone surrogate becomes U+FFFD, as reading
        // the string by runes (the rule this replaced, so keys already stored agree) makes it.
        source.AsSpan().CopyTo(target);
        target.Reverse();
        for (var i = 0; i < target.Length; i++)
        {
            if (i + 1 < target.Length && char.IsLowSurrogate(target[i]) && char.IsHighSurrogate(target[i + 1]))
            {
                (target[i], target[i + 1]) = (target[i + 1], target[i]);
                i++;
            }
            else if (char.IsSurrogate(target[i]))
            {
                target[i] = '\uFFFD';
            }
        }
    });

    /// <summary>Inside a shared write transaction (it knows which keys the trigram index holds yet).</summary>
    private async Task DeleteSearchKeysAsync(SqliteWriter writer, string keysTable, string tenant, string id, CancellationToken cancellationToken)
    {
        var backwards = SqliteMigrations.BackwardsIndexOf(keysTable);
        var delete = writer.Command($"""
            INSERT INTO {keysTable}_fts ({keysTable}_fts, rowid, value)
            SELECT 'delete', rowid, value FROM {keysTable} WHERE tenant = @tenant AND id = @id AND rowid <= @indexed;
            INSERT INTO {backwards} ({backwards}, rowid, eulav)
            SELECT 'delete', rowid, eulav FROM {keysTable} WHERE tenant = @tenant AND id = @id AND rowid <= @indexed;
            DELETE FROM {keysTable} WHERE tenant = @tenant AND id = @id;
            """);
        delete.Parameters.AddWithValue("@tenant", tenant);
        delete.Parameters.AddWithValue("@id", id);
        delete.Parameters.AddWithValue("@indexed", indexedKeysUpTo[keysTable]);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Gives the resources of a file written before the search keys existed (schema step 3) their keys, computed by
    /// the same Core rule as every write's, in one transaction. Runs once: the step that created the tables asks for it.
    /// </summary>
    private async Task BackfillSearchKeysAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var resourceType in schemas.ResourceTypes)
        {
            var table = TableOf(resourceType.Name);
            await using var insert = CreateSearchKeyInsert(connection, transaction, SqliteMigrations.KeysTableOf(table));
            await using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = $"SELECT tenant, id, doc FROM {table}";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var keys = SearchKeys.Of(resourceType, Core.Protocol.ScimJson.ParseObject(reader.GetString(2)));
                await InsertSearchKeysAsync(insert, reader.GetString(0), reader.GetString(1), keys, cancellationToken);
            }

            await using var rebuild = connection.CreateCommand();
            rebuild.Transaction = transaction;
            var keysTable = SqliteMigrations.KeysTableOf(table);
            var backwards = SqliteMigrations.BackwardsIndexOf(keysTable);
            rebuild.CommandText = $"""
                INSERT INTO {keysTable}_fts ({keysTable}_fts) VALUES ('rebuild');
                INSERT INTO {backwards} ({backwards}) VALUES ('rebuild');
                """;
            await rebuild.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
