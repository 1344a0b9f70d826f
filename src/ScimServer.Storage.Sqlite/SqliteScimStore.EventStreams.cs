using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Event streams (<see cref="IEventStreamStore"/>) in <c>event_streams</c> and <c>event_acks</c>. The stream's settings
/// are a JSON document; its delivery state has columns, so a cursor move is one UPDATE.
/// </summary>
public sealed partial class SqliteScimStore : IEventStreamStore
{
    private const string StreamColumns = "id, tenant, created, doc, paused, cursor, last_delivered, failures, failing_since, last_error";

    public async Task<EventStream> CreateStreamAsync(EventStream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // The cursor starts at the newest entry read in the writer's transaction: no change commits in between.
        command.CommandText = """
            INSERT INTO event_streams (id, tenant, created, doc, paused, cursor)
            VALUES (@id, @tenant, @created, @doc, @paused, (SELECT COALESCE(MAX(sequence), 0) FROM audit WHERE tenant = @tenant))
            RETURNING cursor
            """;
        command.Parameters.AddWithValue("@id", stream.Id);
        command.Parameters.AddWithValue("@tenant", stream.Tenant);
        command.Parameters.AddWithValue("@created", ToDbValue(stream.Created));
        command.Parameters.AddWithValue("@doc", SettingsOf(stream));
        command.Parameters.AddWithValue("@paused", stream.Paused ? 1 : 0);
        var cursor = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return stream with { Cursor = cursor };
    }

    public async Task<EventStream?> GetStreamAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StreamColumns} FROM event_streams WHERE id = @id AND tenant = @tenant";
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStream(reader) : null;
    }

    public async Task<IReadOnlyList<EventStream>> ListStreamsAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = tenant is null
            ? $"SELECT {StreamColumns} FROM event_streams ORDER BY created, id"
            : $"SELECT {StreamColumns} FROM event_streams WHERE tenant = @tenant ORDER BY created, id";
        command.Parameters.AddWithValue("@tenant", (object?)tenant ?? DBNull.Value);
        var streams = new List<EventStream>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(ReadStream(reader));
        }

        return streams;
    }

    public Task<StoreOutcome> SetPausedAsync(string tenant, string id, bool paused, CancellationToken cancellationToken = default) =>
        WriteStreamAsync(
            "UPDATE event_streams SET paused = @paused WHERE id = @id AND tenant = @tenant",
            command =>
            {
                command.Parameters.AddWithValue("@id", id);
                command.Parameters.AddWithValue("@tenant", tenant);
                command.Parameters.AddWithValue("@paused", paused ? 1 : 0);
            },
            cancellationToken);

    public Task<StoreOutcome> DeleteStreamAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        WriteStreamAsync(
            """
            DELETE FROM event_acks WHERE stream_id = (SELECT id FROM event_streams WHERE id = @id AND tenant = @tenant);
            DELETE FROM event_streams WHERE id = @id AND tenant = @tenant;
            """,
            command =>
            {
                command.Parameters.AddWithValue("@id", id);
                command.Parameters.AddWithValue("@tenant", tenant);
            },
            cancellationToken);

    public Task AdvanceCursorAsync(string id, long sequence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteStreamAsync(
            """
            UPDATE event_streams
            SET cursor = MAX(cursor, @sequence), last_delivered = @at, failures = 0, failing_since = NULL, last_error = NULL
            WHERE id = @id;
            DELETE FROM event_acks WHERE stream_id = @id AND sequence <= @sequence;
            """,
            command =>
            {
                command.Parameters.AddWithValue("@id", id);
                command.Parameters.AddWithValue("@sequence", sequence);
                command.Parameters.AddWithValue("@at", ToDbValue(at));
            },
            cancellationToken);

    public Task RecordFailureAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken = default) =>
        WriteStreamAsync(
            """
            UPDATE event_streams
            SET failures = failures + 1, failing_since = COALESCE(failing_since, @at), last_error = @error
            WHERE id = @id
            """,
            command =>
            {
                command.Parameters.AddWithValue("@id", id);
                command.Parameters.AddWithValue("@at", ToDbValue(at));
                command.Parameters.AddWithValue("@error", error);
            },
            cancellationToken);

    public async Task AddAcknowledgementsAsync(string id, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        await writes.WriteAsync<bool>([], async (writer, cancellation) =>
        {
            // An acknowledgement at or below the cursor is one already counted: nothing to keep.
            var command = writer.Command("""
                INSERT OR IGNORE INTO event_acks (stream_id, sequence)
                SELECT @id, @sequence WHERE @sequence > (SELECT cursor FROM event_streams WHERE id = @id)
                """);
            command.Parameters.AddWithValue("@id", id);
            var sequenceParameter = command.Parameters.Add("@sequence", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                sequenceParameter.Value = sequence;
                await command.ExecuteNonQueryAsync(cancellation);
            }

            return Keep(true);
        }, cancellationToken);
    }

    public async Task<IReadOnlySet<long>> GetAcknowledgementsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence FROM event_acks WHERE stream_id = @id";
        command.Parameters.AddWithValue("@id", id);
        var acks = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            acks.Add(reader.GetInt64(0));
        }

        return acks;
    }

    public Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        writes.WriteAsync([], async (writer, cancellation) =>
        {
            var command = writer.Command("""
                UPDATE event_streams SET lease_owner = @owner, lease_until = @until
                WHERE id = @id AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now)
                """);
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@owner", owner);
            command.Parameters.AddWithValue("@now", ToDbValue(now));
            command.Parameters.AddWithValue("@until", ToDbValue(until));
            return Keep(await command.ExecuteNonQueryAsync(cancellation) == 1);
        }, cancellationToken);

    /// <summary>
    /// A change of a stream's row, through the resources' write queue: delivery saves cursors and leases beside the
    /// writes it reports, and a transaction of its own would wait for SQLite's write lock against the queue's (its busy
    /// handler sleeps in steps of milliseconds) instead of sharing the queue's next commit.
    /// </summary>
    private Task<StoreOutcome> WriteStreamAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        writes.WriteAsync([], async (writer, cancellation) =>
        {
            var command = writer.Command(sql);
            bind(command);
            return Keep(await command.ExecuteNonQueryAsync(cancellation) > 0 ? StoreOutcome.Ok : StoreOutcome.NotFound);
        }, cancellationToken);

    private static string SettingsOf(EventStream stream)
    {
        var json = new JObject
        {
            ["delivery"] = stream.Delivery.ToString(),
            ["format"] = stream.Format.ToString(),
            ["events"] = new JArray(stream.Events),
        };
        if (stream.Endpoint is { } endpoint)
        {
            json["endpoint"] = endpoint;
        }

        if (stream.Authorization is { } authorization)
        {
            json["authorization"] = authorization;
        }

        return ScimJson.Serialize(json);
    }

    private static EventStream ReadStream(SqliteDataReader reader)
    {
        var settings = ScimJson.ParseObject(reader.GetString(3));
        return new EventStream
        {
            Id = reader.GetString(0),
            Tenant = reader.GetString(1),
            Created = ParseDate(reader.GetString(2)),
            Delivery = Enum.Parse<EventDelivery>((string)settings["delivery"]!),
            Format = Enum.Parse<EventFormat>((string)settings["format"]!),
            Events = settings["events"] is JArray events ? events.Select(e => (string)e!).ToList() : [],
            Endpoint = (string?)settings["endpoint"],
            Authorization = (string?)settings["authorization"],
            Paused = reader.GetInt64(4) != 0,
            Cursor = reader.GetInt64(5),
            LastDelivered = reader.IsDBNull(6) ? null : ParseDate(reader.GetString(6)),
            Failures = (int)reader.GetInt64(7),
            FailingSince = reader.IsDBNull(8) ? null : ParseDate(reader.GetString(8)),
            LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
        };
    }
}
