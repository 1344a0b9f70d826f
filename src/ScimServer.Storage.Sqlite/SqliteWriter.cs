using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The write queue's one connection, kept open for the life of the store, and its statements, kept prepared across
/// shared transactions. Microsoft.Data.Sqlite prepares a statement per command object (and a savepoint per call):
/// profiling POST /Users with 16 clients put the writer — the one thread every write waits for — mostly in preparing
/// the same few INSERTs and SAVEPOINTs again for every write.
/// Used by the writer alone, one shared transaction at a time.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private const string Savepoint = "write";

    /// <summary>The writer's page cache during a large write, in KiB (SQLite's default, 2 MB, otherwise).</summary>
    private const int LargeCacheKibibytes = 64 * 1024;

    private const int DefaultCacheKibibytes = 2_000;

    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private SqliteTransaction? transaction;
    private bool largeCache;

    public SqliteWriter(SqliteConnection connection)
    {
        this.connection = connection;

        // No checkpoint inside the writer's commits: a checkpoint copies the WAL into the file and syncs it, and every
        // write waiting behind the commit would wait for that too. SqliteCheckpointer does it beside the writer.
        SQLitePCL.raw.sqlite3_wal_autocheckpoint(connection.Handle, 0);

        // The savepoints of a shared transaction journal the pages they change in memory: they are small (a large
        // write runs alone, without one), and in a temporary file that journal took more writes than the WAL itself.
        Run("PRAGMA temp_store = MEMORY");
    }

    public SqliteConnection Connection => connection;

    /// <summary>Whether the page cache is the large one (see <see cref="Begin"/>).</summary>
    public bool LargeCache => largeCache;

    /// <summary>
    /// Set by a write that moved no resource in the id order of its tenant's listings (a change of attributes or of
    /// membership, a creation at the end of the order); reset before each write. Unset, the tenant's page bookmarks of
    /// its unfiltered listings are dropped at the commit (<see cref="CountCache.OrderGeneration"/>): a write that does
    /// not set it costs a re-walk, never a wrong page.
    /// </summary>
    public bool KeptOrder { get; set; }

    /// <summary>The shared transaction in progress.</summary>
    public SqliteTransaction Transaction => transaction ?? throw new InvalidOperationException("No shared transaction is in progress.");

    /// <summary>
    /// The command for <paramref name="sql"/> in the current transaction, prepared once on this connection, its
    /// parameters cleared. It belongs to the writer: never dispose it.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>BEGIN IMMEDIATE: the write lock up front, so no write of the batch fails half-way as busy.</summary>
    /// <param name="large">
    /// A write of many rows: the page cache grows for it. A Bulk of 1,000 users at 100,000 changes about 10,000 pages
    /// (40 MB, mostly random leaves of the search key indexes); the default cache spilled them into the WAL before the
    /// commit and read them back: three times the page I/O of the commit itself (strace). It shrinks again after:
    /// every commit walks the whole cache (SQLite's pcache1TruncateUnsafe, 6 % of the CPU of POST /Users with a
    /// 64 MB cache), and the memory goes back.
    /// </param>
    public void Begin(bool large)
    {
        if (large != largeCache)
        {
            Run(FormattableString.Invariant($"PRAGMA cache_size = -{(large ? LargeCacheKibibytes : DefaultCacheKibibytes)}"));
            largeCache = large;
        }

        transaction = connection.BeginTransaction(deferred: false);
    }

    /// <summary>Back to the default page cache between transactions, e.g. once a load is over (the writer idle).</summary>
    public void ShrinkCache()
    {
        if (largeCache)
        {
            Run(FormattableString.Invariant($"PRAGMA cache_size = -{DefaultCacheKibibytes}"));
            largeCache = false;
        }
    }

    public async Task CommitAsync()
    {
        try
        {
            await Transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await EndAsync();
        }
    }

    /// <summary>Rolls back what the batch did, if it is still open (after a failure).</summary>
    public async Task EndAsync()
    {
        if (transaction is { } open)
        {
            transaction = null;
            await open.DisposeAsync();
        }
    }

    /// <summary>
    /// Copies every frame of the WAL into the file and waits, at most <paramref name="wait"/>, for the reads still on
    /// the WAL to end (reads that start once every frame is copied read the file alone): the next write then starts
    /// the WAL from its beginning. Between transactions only; every write queued meanwhile waits. Whether it got there.
    /// </summary>
    public async Task<bool> RestartLogAsync(TimeSpan wait)
    {
        // Tried every millisecond rather than through the busy timeout: SQLite's busy handler sleeps ever longer (25,
        // then 50, then 100 ms), and the reads it waits for are a few milliseconds each. A try that finds a read on an
        // older snapshot still copies what it can, so each next try has less to copy.
        var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
        try
        {
            while (true)
            {
                var result = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", SQLitePCL.raw.SQLITE_CHECKPOINT_RESTART, out _, out _);
                if (result == SQLitePCL.raw.SQLITE_OK)
                {
                    return true;
                }

                if (result != SQLitePCL.raw.SQLITE_BUSY && result != SQLitePCL.raw.SQLITE_LOCKED)
                {
                    throw new SqliteException("The WAL could not be checkpointed.", result);
                }

                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    return false;
                }

                await Task.Delay(1);
            }
        }
        finally
        {
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, SqliteScimStore.BusyTimeoutMilliseconds);
        }
    }

    public void Save() => Command("SAVEPOINT " + Savepoint).ExecuteNonQuery();

    public void RollbackToSave() => Command("ROLLBACK TO " + Savepoint).ExecuteNonQuery();

    public void Release() => Command("RELEASE " + Savepoint).ExecuteNonQuery();

    public void Dispose()
    {
        transaction?.Dispose();
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }

    private void Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
