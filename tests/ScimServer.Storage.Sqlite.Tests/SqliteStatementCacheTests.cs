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
}
