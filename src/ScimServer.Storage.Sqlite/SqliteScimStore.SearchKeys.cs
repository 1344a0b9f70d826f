using Microsoft.Data.Sqlite;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The search keys of each resource (<see cref="SearchKeys"/>, the one Core rule), computed from the document on every
/// write and written in the same transaction, so the index never disagrees with the documents.
/// </summary>
public sealed partial class SqliteScimStore
{
    /// <summary>Replaces the keys of <paramref name="resource"/> with its current ones.</summary>
    private async Task WriteSearchKeysAsync(
        SqliteConnection connection, SqliteTransaction transaction, StoredResource resource, bool replacing, CancellationToken cancellationToken)
    {
        var keys = SqliteMigrations.KeysTableOf(TableOf(resource.ResourceType));
        if (replacing)
        {
            await DeleteSearchKeysAsync(connection, transaction, keys, resource.Tenant, resource.Id, cancellationToken);
        }

        await using var insert = CreateSearchKeyInsert(connection, transaction, keys);
        await InsertSearchKeysAsync(insert, resource, cancellationToken);
    }

    private static SqliteCommand CreateSearchKeyInsert(SqliteConnection connection, SqliteTransaction transaction, string keysTable)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {keysTable} (tenant, id, path, value) VALUES (@tenant, @id, @path, @value)";
        insert.Parameters.Add("@tenant", SqliteType.Text);
        insert.Parameters.Add("@id", SqliteType.Text);
        insert.Parameters.Add("@path", SqliteType.Text);
        insert.Parameters.Add("@value", SqliteType.Text);
        return insert;
    }

    private async Task InsertSearchKeysAsync(SqliteCommand insert, StoredResource resource, CancellationToken cancellationToken)
    {
        insert.Parameters["@tenant"].Value = resource.Tenant;
        insert.Parameters["@id"].Value = resource.Id;
        foreach (var key in SearchKeys.Of(schemas.GetResourceType(resource.ResourceType), resource.Document))
        {
            insert.Parameters["@path"].Value = key.Path;
            insert.Parameters["@value"].Value = key.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task DeleteSearchKeysAsync(
        SqliteConnection connection, SqliteTransaction transaction, string keysTable, string tenant, string id, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = $"DELETE FROM {keysTable} WHERE tenant = @tenant AND id = @id";
        delete.Parameters.AddWithValue("@tenant", tenant);
        delete.Parameters.AddWithValue("@id", id);
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
                var document = Core.Protocol.ScimJson.ParseObject(reader.GetString(2));
                insert.Parameters["@tenant"].Value = reader.GetString(0);
                insert.Parameters["@id"].Value = reader.GetString(1);
                foreach (var key in SearchKeys.Of(resourceType, document))
                {
                    insert.Parameters["@path"].Value = key.Path;
                    insert.Parameters["@value"].Value = key.Value;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
    }
}
