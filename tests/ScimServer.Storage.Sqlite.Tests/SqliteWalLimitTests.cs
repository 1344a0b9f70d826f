using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// The WAL starts over once it passes the store's limit, even when some read is always in progress (a reconcile paging
/// through every user while an HR sync writes). SQLite starts it over only at a write that finds every frame copied and
/// no reader on the WAL; with readers that overlap there is never such a moment, and the WAL grew with every write
/// (12.7 GB after loading and serving 1,000,000 users).
/// </summary>
public sealed class SqliteWalLimitTests : IDisposable
{
    private const long Limit = 2 * 1024 * 1024;

    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Under_writes_and_reads_that_always_overlap_the_WAL_stays_within_its_limit_and_every_write_and_read_succeeds()
    {
        using var store = new SqliteScimStore(new SqliteStoreOptions { Path = database.Path, WalSizeLimit = Limit });
        await store.InitializeAsync();
        var tenant = NewTenant();

        // Two readers, each holding its snapshot 30 ms and starting the next at once, half a period apart: at every
        // moment one of them reads.
        using var stop = new CancellationTokenSource();
        var reads = new long[2];
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(async () =>
        {
            await Task.Delay(15 * reader);
            await using var connection = new SqliteConnection($"Data Source={database.Path};Pooling=false");
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var transaction = connection.BeginTransaction(deferred: true);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SELECT count(*) FROM users";
                await command.ExecuteScalarAsync();
                await Task.Delay(30);
                await transaction.CommitAsync();
                Interlocked.Increment(ref reads[reader]);
            }
        })).ToArray();

        long largest = 0;
        var wal = new FileInfo(database.Path + "-wal");
        for (var load = 0; load < 40; load++)
        {
            var outcomes = await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@wal.example"), (AuditEntry?)null))]);
            outcomes.Should().OnlyContain(outcome => outcome == StoreOutcome.Ok);
            for (var i = 0; i < 5; i++)
            {
                (await store.CreateAsync(User(tenant, $"single{load}-{i}@wal.example"))).Should().Be(StoreOutcome.Ok);
            }

            wal.Refresh();
            largest = Math.Max(largest, wal.Length);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        reads.Should().OnlyContain(count => count > 10, "both readers kept reading throughout");
        largest.Should().BeLessThan(5 * Limit, "the WAL starts over past its limit (a try that found a reader still on an older snapshot comes again soon); without that it reached 25 times the limit");
        (await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 0 })).TotalResults.Should().Be(40 * 105);
    }

    [Fact]
    public async Task A_read_that_holds_its_snapshot_past_the_wait_lets_the_WAL_grow_until_it_ends_and_no_write_fails_meanwhile()
    {
        using var store = new SqliteScimStore(new SqliteStoreOptions { Path = database.Path, WalSizeLimit = Limit });
        await store.InitializeAsync();
        var tenant = NewTenant();
        var wal = new FileInfo(database.Path + "-wal");

        long whileHeld;
        await using (var connection = new SqliteConnection($"Data Source={database.Path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM users";
            await command.ExecuteScalarAsync();
            for (var load = 0; load < 16; load++)
            {
                var outcomes = await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"held{i:D5}@wal.example"), (AuditEntry?)null))]);
                outcomes.Should().OnlyContain(outcome => outcome == StoreOutcome.Ok);
            }

            wal.Refresh();
            whileHeld = wal.Length;
            (await command.ExecuteScalarAsync()).Should().Be(0L, "the read still sees its snapshot");
        }

        // Writes go on after the read ended; the writer's next try (its tries are spaced out after a failed one) starts
        // the WAL over, and the commit after it cuts the file back.
        var after = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await store.CreateManyAsync([.. Enumerable.Range(after++ * 10, 10).Select(i => (User(tenant, $"after{i:D5}@wal.example"), (AuditEntry?)null))]);
            wal.Refresh();
        }
        while (wal.Length > Limit && clock.Elapsed < TimeSpan.FromSeconds(20));

        whileHeld.Should().BeGreaterThan(2 * Limit, "no restart can happen while a read is on the WAL");
        wal.Length.Should().BeLessThanOrEqualTo(Limit, "once the read ended, the writer started the WAL over and cut the file back");
        (await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 0 })).TotalResults.Should().Be(1_600 + (10 * after));
    }
}
