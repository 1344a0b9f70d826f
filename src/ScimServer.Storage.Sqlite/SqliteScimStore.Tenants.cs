using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>Tenants and their bearer tokens (<see cref="ITenantStore"/>).</summary>
public sealed partial class SqliteScimStore
{
    private const string TokenColumns = "id, tenant, name, sha256, created, expires, revoked";

    public async Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, created FROM tenants WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, created FROM tenants ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<TenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(ReadTenant(reader));
        }

        return tenants;
    }

    public async Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO tenants (id, name, created) VALUES (@id, @name, @created)";
        command.Parameters.AddWithValue("@id", tenant.Id);
        command.Parameters.AddWithValue("@name", tenant.Name);
        command.Parameters.AddWithValue("@created", ToDbValue(tenant.Created));
        return await InsertAsync(command, transaction, cancellationToken);
    }

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id or the secret's hash is taken.</summary>
    public async Task<StoreOutcome> CreateTokenAsync(TokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO tokens ({TokenColumns}) VALUES (@id, @tenant, @name, @sha256, @created, @expires, @revoked)";
        command.Parameters.AddWithValue("@id", token.Id);
        command.Parameters.AddWithValue("@tenant", (object?)token.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("@name", token.Name);
        command.Parameters.AddWithValue("@sha256", token.Sha256);
        command.Parameters.AddWithValue("@created", ToDbValue(token.Created));
        command.Parameters.AddWithValue("@expires", ToDbValue(token.Expires));
        command.Parameters.AddWithValue("@revoked", ToDbValue(token.Revoked));
        return await InsertAsync(command, transaction, cancellationToken);
    }

    public async Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TokenColumns} FROM tokens WHERE sha256 = @sha256";
        command.Parameters.AddWithValue("@sha256", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TokenRecord
        {
            Id = reader.GetString(0),
            Tenant = reader.IsDBNull(1) ? null : reader.GetString(1),
            Name = reader.GetString(2),
            Sha256 = reader.GetString(3),
            Created = ParseDate(reader.GetString(4)),
            Expires = ParseOptionalDate(reader, 5),
            Revoked = ParseOptionalDate(reader, 6),
        };
    }

    public async Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteScalarAsync(connection, null, "SELECT 1 FROM tokens WHERE tenant IS NULL LIMIT 1", cancellationToken) is not null;
    }

    private static TenantRecord ReadTenant(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Created = ParseDate(reader.GetString(2)),
    };

    private static async Task<StoreOutcome> InsertAsync(SqliteCommand command, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (IsUniqueViolation(exception))
        {
            return StoreOutcome.Conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return StoreOutcome.Ok;
    }
}
