using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite.Tests;

public sealed class SqliteStatementCacheTests
{
    private static Func<CancellationToken, Task<SqliteConnection>> Opener(List<SqliteConnection> opened) => async cancellationToken =>
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        lock (opened)
        {
            opened.Add(connection);
        }

        return connection;
    };

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_returned_connection_is_rented_again_with_its_prepared_commands()
    {
        var opened = new List<SqliteConnection>();
        using var cache = new SqliteStatementCache(Opener(opened));

        SqliteCommand first;
        using (var lease = await cache.RentAsync(CancellationToken.None))
        {
            first = lease.Command("SELECT 1");
        }

        using var again = await cache.RentAsync(CancellationToken.None);

        again.Command("SELECT 1").Should().BeSameAs(first);
        opened.Should().ContainSingle();
    }

    [Fact]
    public async Task Connections_beyond_sixteen_idle_are_closed_when_returned_and_the_rest_are_reused()
    {
        var opened = new List<SqliteConnection>();
        using var cache = new SqliteStatementCache(Opener(opened));

        var leases = new List<SqliteStatementCache.Lease>();
        for (var i = 0; i < 40; i++)
        {
            leases.Add(await cache.RentAsync(CancellationToken.None));
        }

        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        opened.Should().HaveCount(40);
        opened.Count(c => c.State == System.Data.ConnectionState.Open).Should().Be(16);

        for (var i = 0; i < 16; i++)
        {
            (await cache.RentAsync(CancellationToken.None)).Connection.State.Should().Be(System.Data.ConnectionState.Open);
        }

        opened.Should().HaveCount(40, "the sixteen kept were handed out again before any new one was opened");
    }

    [Fact]
    public async Task A_read_snapshot_sees_one_state_of_the_file_and_ends_when_disposed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"snapshot-{Guid.NewGuid():N}.db");
        try
        {
            await using (var setup = new SqliteConnection($"Data Source={path}"))
            {
                await setup.OpenAsync();
                await ExecuteAsync(setup, "PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);");
            }

            using var cache = new SqliteStatementCache(async cancellationToken =>
            {
                var connection = new SqliteConnection($"Data Source={path};Pooling=False");
                await connection.OpenAsync(cancellationToken);
                return connection;
            });
            await using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
            await writer.OpenAsync();

            using var lease = await cache.RentAsync(CancellationToken.None);
            long inside, after;
            await using (await lease.BeginReadAsync(CancellationToken.None))
            {
                (await lease.Command("SELECT COUNT(*) FROM t").ExecuteScalarAsync()).Should().Be(1L);
                await ExecuteAsync(writer, "INSERT INTO t VALUES (2)");
                inside = (long)(await lease.Command("SELECT COUNT(*) FROM t").ExecuteScalarAsync())!;
            }

            after = (long)(await lease.Command("SELECT COUNT(*) FROM t").ExecuteScalarAsync())!;

            inside.Should().Be(1, "a write committed during the snapshot is not seen by it");
            after.Should().Be(2);
            SQLitePCL.raw.sqlite3_get_autocommit(lease.Connection.Handle).Should().Be(1, "no transaction is left open");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_connection_returned_inside_a_transaction_is_closed_not_kept()
    {
        var opened = new List<SqliteConnection>();
        using var cache = new SqliteStatementCache(Opener(opened));

        using (var lease = await cache.RentAsync(CancellationToken.None))
        {
            await lease.Command("BEGIN").ExecuteNonQueryAsync();
        }

        using var next = await cache.RentAsync(CancellationToken.None);

        opened.Should().HaveCount(2);
        opened[0].State.Should().Be(System.Data.ConnectionState.Closed);
    }
}
