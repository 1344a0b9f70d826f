using Microsoft.Data.Sqlite;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The append-only audit log (<see cref="IAuditLog"/>) in the <c>audit</c> table. A resource write appends its entry
/// inside its own transaction, so a change and its record commit or roll back together.
/// </summary>
public sealed partial class SqliteScimStore : IAuditLog
{
    private const string AuditColumns = "sequence, tenant, at, actor, operation, resource_type, resource_id, version, request_id, summary, change";

    private const string InsertAuditSql = """
        INSERT INTO audit (tenant, at, actor, operation, resource_type, resource_id, version, request_id, summary, change)
        VALUES (@tenant, @at, @actor, @operation, @resource_type, @resource_id, @version, @request_id, @summary, @change)
        """;

    /// <remarks>The entry is kept as given, <see cref="AuditEntry.Version"/> included; its sequence is assigned here.</remarks>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await InsertAuditAsync(connection, transaction, entry, entry.Version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        if (query.Limit == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Dates are fixed-width ScimDateTime text, so comparing the text compares the instants.
        var where = "tenant = @tenant AND sequence > @after";
        command.Parameters.AddWithValue("@tenant", query.Tenant);
        command.Parameters.AddWithValue("@after", query.AfterSequence);
        if (query.ResourceId is { } resourceId)
        {
            where += " AND resource_id = @resource_id";
            command.Parameters.AddWithValue("@resource_id", resourceId);
        }

        if (query.From is { } from)
        {
            where += " AND at >= @from";
            command.Parameters.AddWithValue("@from", ScimDateTime.ToText(from));
        }

        if (query.To is { } to)
        {
            where += " AND at < @to";
            command.Parameters.AddWithValue("@to", ScimDateTime.ToText(to));
        }

        command.CommandText = $"SELECT {AuditColumns} FROM audit WHERE {where} ORDER BY sequence LIMIT @limit";
        command.Parameters.AddWithValue("@limit", query.Limit);

        var entries = new List<AuditEntry>(Math.Min(query.Limit, 1_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Sequence = reader.GetInt64(0),
                Tenant = reader.GetString(1),
                At = ParseDate(reader.GetString(2)),
                Actor = reader.GetString(3),
                Operation = reader.GetString(4),
                ResourceType = reader.GetString(5),
                ResourceId = reader.GetString(6),
                Version = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                RequestId = reader.IsDBNull(8) ? null : reader.GetString(8),
                Summary = reader.IsDBNull(9) ? null : reader.GetString(9),
                Change = reader.IsDBNull(10) ? null : ResourceChangeJson.Parse(reader.GetString(10)),
            });
        }

        return entries;
    }

    /// <summary>Before a write: an entry must record a change of the written tenant (a caller's bug otherwise).</summary>
    private static void CheckAuditTenant(AuditEntry? entry, string? tenant)
    {
        if (entry is not null && entry.Tenant != tenant)
        {
            throw new ArgumentException($"The audit entry is for tenant '{entry.Tenant}', the write for '{tenant}'.", nameof(entry));
        }
    }

    /// <summary>
    /// Inside a write's transaction, once the write succeeded: appends <paramref name="entry"/> (if any) with the
    /// version the write produced (null for a delete), whatever version the caller put in it.
    /// </summary>
    private static async Task AppendWithWriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, AuditEntry? entry, long? version, CancellationToken cancellationToken)
    {
        if (entry is not null)
        {
            await InsertAuditAsync(connection, transaction, entry, version, cancellationToken);
        }
    }

    /// <summary>As the overload on a connection, in the writer's shared transaction, on its kept statement.</summary>
    private static async Task AppendWithWriteAsync(SqliteWriter writer, AuditEntry? entry, long? version, CancellationToken cancellationToken)
    {
        if (entry is not null)
        {
            var command = writer.Command(InsertAuditSql);
            BindAudit(command, entry, version);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertAuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, long? version, CancellationToken cancellationToken)
    {
        await using var command = CreateAuditInsert(connection, transaction);
        BindAudit(command, entry, version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The audit INSERT, to bind with <see cref="BindAudit"/>.</summary>
    private static SqliteCommand CreateAuditInsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertAuditSql;
        return command;
    }

    private static void BindAudit(SqliteCommand command, AuditEntry entry, long? version)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("@tenant", entry.Tenant);
        command.Parameters.AddWithValue("@at", ScimDateTime.ToText(entry.At));
        command.Parameters.AddWithValue("@actor", entry.Actor);
        command.Parameters.AddWithValue("@operation", entry.Operation);
        command.Parameters.AddWithValue("@resource_type", entry.ResourceType);
        command.Parameters.AddWithValue("@resource_id", entry.ResourceId);
        command.Parameters.AddWithValue("@version", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("@request_id", (object?)entry.RequestId ?? DBNull.Value);
        command.Parameters.AddWithValue("@summary", (object?)entry.Summary ?? DBNull.Value);
        command.Parameters.AddWithValue("@change", entry.Change is { } change ? ResourceChangeJson.Write(change) : DBNull.Value);
    }
}
