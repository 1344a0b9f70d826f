using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>Tenants with their role catalog, and the server-admin view across tenants (<see cref="ITenantStore"/>).</summary>
public sealed partial class SqliteScimStore
{
    private const string TenantColumns = "id, name, created, doc";

    // Everything a tenant owns, deleted with it. The audit log is not here: it outlives the tenant.
    private static readonly string[] TenantOwnedTables = ["members", "users", "groups", "users_keys", "groups_keys", "tokens", "event_streams"];

    // The unique index leads with the tenant, so the tenants are walked first: each step of the recursive CTE is one
    // seek for the next tenant id on the primary key (a loose index scan), then one seek on ux_users_unique_key per
    // tenant. The cost grows with the number of tenants, never with the number of users. The tenants are read from
    // users, not from the tenants table, so no user is missed for want of a tenant row.
    internal const string FindUsersInAllTenantsSql = $"""
        WITH RECURSIVE tenant_ids(tenant_id) AS (
          SELECT MIN(tenant) FROM users
          UNION ALL
          SELECT (SELECT MIN(tenant) FROM users WHERE tenant > tenant_ids.tenant_id)
          FROM tenant_ids WHERE tenant_ids.tenant_id IS NOT NULL
        )
        SELECT {ResourceColumns}
        FROM tenant_ids CROSS JOIN users
        WHERE tenant = tenant_ids.tenant_id AND unique_key = @unique_key
        ORDER BY tenant, id
        """;

    private const string TenantByIdSql = $"SELECT {TenantColumns} FROM tenants WHERE id = @id";

    public async Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        // Every write reads its tenant (the role catalog, the product rules): a kept statement.
        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command(TenantByIdSql);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<TenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(ReadTenant(reader));
        }

        return tenants;
    }

    public async Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        CheckAuditTenant(audit, tenant.Id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO tenants ({TenantColumns}) VALUES (@id, @name, @created, @doc)";
        command.Parameters.AddWithValue("@id", tenant.Id);
        command.Parameters.AddWithValue("@name", tenant.Name);
        command.Parameters.AddWithValue("@created", ToDbValue(tenant.Created));
        command.Parameters.AddWithValue("@doc", TenantDocument.Write(tenant));
        return await InsertAsync(command, transaction, audit, cancellationToken);
    }

    /// <remarks><see cref="TenantRecord.Created"/> is kept as stored.</remarks>
    public async Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        CheckAuditTenant(audit, tenant.Id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE tenants SET name = @name, doc = @doc WHERE id = @id";
        command.Parameters.AddWithValue("@id", tenant.Id);
        command.Parameters.AddWithValue("@name", tenant.Name);
        command.Parameters.AddWithValue("@doc", TenantDocument.Write(tenant));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return StoreOutcome.NotFound;
        }

        await AppendWithWriteAsync(connection, transaction, audit, version: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return StoreOutcome.Ok;
    }

    public async Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        CheckAuditTenant(audit, id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM tenants WHERE id = @id";
            command.Parameters.AddWithValue("@id", id);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return StoreOutcome.NotFound;
            }
        }

        foreach (var keysTable in KeysTables)
        {
            await UnindexTenantSearchKeysAsync(connection, transaction, keysTable, id, cancellationToken);
        }

        // Its event streams go too, with their acknowledgements (keyed by stream, not tenant): a tenant created
        // again under the same id starts without the old receivers.
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM event_acks WHERE stream_id IN (SELECT id FROM event_streams WHERE tenant = @tenant)";
            command.Parameters.AddWithValue("@tenant", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in TenantOwnedTables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE tenant = @tenant";
            command.Parameters.AddWithValue("@tenant", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AppendWithWriteAsync(connection, transaction, audit, version: null, cancellationToken);
        await CommitResourceWriteAsync(transaction, id, cancellationToken);
        return StoreOutcome.Ok;
    }

    public async Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        command.CommandText = FindUsersInAllTenantsSql;
        command.Parameters.AddWithValue("@unique_key", userNameKey);
        var users = new List<StoredResource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadResource(reader, ResourceTypes.User));
        }

        return users;
    }

    /// <summary>Reads the columns of <see cref="TenantColumns"/>, in order.</summary>
    private static TenantRecord ReadTenant(SqliteDataReader reader) => TenantDocument.Read(
        new TenantRecord
        {
            Id = reader.GetString(0),
            Name = reader.GetString(1),
            Created = ParseDate(reader.GetString(2)),
        },
        reader.GetString(3));
}
