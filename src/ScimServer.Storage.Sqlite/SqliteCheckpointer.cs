using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file beside the writer, instead of inside its commits (SQLite's automatic
/// checkpoint runs in the commit that crosses 1,000 pages, and syncs the file there: every write queued behind that
/// commit waited for it). A PASSIVE checkpoint, as the automatic one: it never blocks the writer or a reader, it copies
/// what no reader still needs, and the writer starts the WAL over once all of it is copied. Durability is untouched: a
/// commit is durable once its WAL frames are synced (synchronous=FULL), whenever they are copied.
/// It also decides when the writer starts the WAL over (<see cref="RestartDue"/>): SQLite does so only at a write that
/// finds every frame copied and no read on the WAL, and reads that overlap (a reconcile paging while an HR sync writes)
/// leave no such moment — the WAL grew with every write, 12.7 GB after loading and serving 1,000,000 users.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>
    /// At most one checkpoint per interval while writes go on: each copies the pages written since the last (a page
    /// written many times is copied once), and the WAL stays a few thousand pages at most.
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>After a restart that found a read holding on past its wait, the next try waits twice as long, up to this.</summary>
    private static readonly TimeSpan LongestRestartWait = TimeSpan.FromMilliseconds(400);

    private static readonly TimeSpan FirstRestartWait = TimeSpan.FromMilliseconds(100);

    private readonly Func<CancellationToken, Task<SqliteConnection>> open;
    private readonly string walPath;
    private readonly long walSizeLimit;
    private readonly SemaphoreSlim written = new(0, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int disposed;
    // The restart's state is the writer's alone (RestartDue and Restarted are called between its transactions).
    private TimeSpan restartWait = FirstRestartWait;

    /// <summary>The WAL's size at the last try that failed; 0 after one that succeeded.</summary>
    private long failedAt;

    /// <param name="open">Opens a connection to the store's file.</param>
    /// <param name="databasePath">The store's file; its WAL is beside it.</param>
    /// <param name="walSizeLimit">The WAL's size in bytes past which the writer starts it over.</param>
    public SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open, string databasePath, long walSizeLimit)
    {
        this.open = open;
        walPath = databasePath + "-wal";
        this.walSizeLimit = walSizeLimit;
        loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// How long the writer should wait for the reads on the WAL to end so that its next write starts the WAL over, or
    /// null when the WAL is within its limit (or has not grown by half of it since a try that failed). Asked by the writer after its commits: the
    /// writer's first commit after a restart also cuts the file back to the limit (<c>journal_size_limit</c>), so a
    /// file past the limit means frames past it since the last restart.
    /// </summary>
    public TimeSpan? RestartDue()
    {
        try
        {
            var length = new FileInfo(walPath).Length;
            return length > walSizeLimit && length > failedAt + (walSizeLimit / 2) ? restartWait : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Told by the writer how its restart went. After a read held on past the wait (a long export), the next try comes
    /// once the WAL has grown by another half of its limit, and waits twice as long, up to
    /// <see cref="LongestRestartWait"/>: the writes queue behind each try. The WAL grows while such a read lasts —
    /// SQLite cannot start it over under a reader.
    /// </summary>
    public void Restarted(bool done)
    {
        if (done)
        {
            restartWait = FirstRestartWait;
            failedAt = 0;
            return;
        }

        try
        {
            failedAt = new FileInfo(walPath).Length;
        }
        catch (IOException)
        {
            failedAt = 0;
        }

        restartWait = TimeSpan.FromTicks(Math.Min(restartWait.Ticks * 2, LongestRestartWait.Ticks));
    }

    /// <summary>Told after each commit of the writer: the WAL has grown.</summary>
    public void Written()
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            return;
        }

        try
        {
            written.Release();
        }
        catch (SemaphoreFullException)
        {
            // A checkpoint is already due.
        }
    }

    /// <summary>Stops; the last connection to close checkpoints what is left. Idempotent (a host may dispose twice).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stopping.Cancel();
        try
        {
            loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting.
        }

        stopping.Dispose();
        written.Dispose();
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await written.WaitAsync(stopping.Token);
                await Task.Delay(Interval, stopping.Token);
                try
                {
                    connection ??= await open(stopping.Token);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await command.ExecuteNonQueryAsync(stopping.Token);
                }
                catch (SqliteException)
                {
                    // The file busy or failing: the next commit asks again, and the WAL keeps every commit meanwhile.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
