using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>Bearer tokens and OAuth clients (<see cref="ITenantStore"/>); only the SHA-256 of a secret is stored.</summary>
public sealed partial class SqliteScimStore
{
    private const string TokenColumns = "id, tenant, name, sha256, created, expires, revoked, kind";

    /// <summary><see cref="StoreOutcome.Conflict"/> when the id or the secret's hash is taken.</summary>
    public async Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        CheckAuditTenant(audit, token.Tenant);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO tokens ({TokenColumns}) VALUES (@id, @tenant, @name, @sha256, @created, @expires, @revoked, @kind)";
        command.Parameters.AddWithValue("@id", token.Id);
        command.Parameters.AddWithValue("@tenant", (object?)token.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("@name", token.Name);
        command.Parameters.AddWithValue("@sha256", token.Sha256);
        command.Parameters.AddWithValue("@created", ToDbValue(token.Created));
        command.Parameters.AddWithValue("@expires", ToDbValue(token.Expires));
        command.Parameters.AddWithValue("@revoked", ToDbValue(token.Revoked));
        command.Parameters.AddWithValue("@kind", KindText(token.Kind));
        var outcome = await InsertAsync(command, transaction, audit, cancellationToken);
        tokens.Invalidate();
        return outcome;
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The id breaks ties between tokens made in the same instant, so the order is stable.
        command.CommandText = $"SELECT {TokenColumns} FROM tokens WHERE tenant = @tenant ORDER BY created, id";
        command.Parameters.AddWithValue("@tenant", tenant);
        var tokens = new List<TokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    public async Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TokenColumns} FROM tokens WHERE id = @id AND tenant = @tenant";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
    }

    /// <remarks>Revoking a revoked token succeeds and keeps the first revocation time: that is when it stopped working.</remarks>
    public async Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        CheckAuditTenant(audit, tenant);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE tokens SET revoked = COALESCE(revoked, @revoked) WHERE id = @id AND tenant = @tenant";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@revoked", ToDbValue(at));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return StoreOutcome.NotFound;
        }

        await AppendWithWriteAsync(connection, transaction, audit, version: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        tokens.Invalidate();
        return StoreOutcome.Ok;
    }

    public async Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (tokens.TryGet(sha256, out var kept))
        {
            return kept;
        }

        var generation = tokens.Generation;
        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command($"SELECT {TokenColumns} FROM tokens WHERE sha256 = @sha256");
        command.Parameters.AddWithValue("@sha256", sha256);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var token = ReadToken(reader);
        tokens.Set(sha256, generation, token);
        return token;
    }

    public async Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteScalarAsync(connection, null, "SELECT 1 FROM tokens WHERE tenant IS NULL LIMIT 1", cancellationToken) is not null;
    }

    /// <summary>Reads the columns of <see cref="TokenColumns"/>, in order.</summary>
    private static TokenRecord ReadToken(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Tenant = reader.IsDBNull(1) ? null : reader.GetString(1),
        Name = reader.GetString(2),
        Sha256 = reader.GetString(3),
        Created = ParseDate(reader.GetString(4)),
        Expires = ParseOptionalDate(reader, 5),
        Revoked = ParseOptionalDate(reader, 6),
        Kind = ParseKind(reader.GetString(7)),
    };

    // The stored names are spelled out (and checked by the column's CHECK), so renaming the enum never changes the file.
    private static string KindText(TokenKind kind) => kind switch
    {
        TokenKind.Bearer => "Bearer",
        TokenKind.OAuthClient => "OAuthClient",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a token kind."),
    };

    private static TokenKind ParseKind(string text) => text switch
    {
        "Bearer" => TokenKind.Bearer,
        "OAuthClient" => TokenKind.OAuthClient,
        _ => throw new InvalidOperationException($"The stored token kind '{text}' is not known."),
    };
}
