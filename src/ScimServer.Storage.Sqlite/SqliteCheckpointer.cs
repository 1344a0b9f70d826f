using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file beside the writer, instead of inside its commits (SQLite's automatic
/// checkpoint runs in the commit that crosses 1,000 pages, and syncs the file there: every write queued behind that
/// commit waited for it). A PASSIVE checkpoint, as the automatic one: it never blocks the writer or a reader, it copies
/// what no reader still needs, and the writer starts the WAL over once all of it is copied. Durability is untouched: a
/// commit is durable once its WAL frames are synced (synchronous=FULL), whenever they are copied.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>
    /// At most one checkpoint per interval while writes go on: each copies the pages written since the last (a page
    /// written many times is copied once), and the WAL stays a few thousand pages at most.
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Func<CancellationToken, Task<SqliteConnection>> open;
    private readonly SemaphoreSlim written = new(0, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int disposed;

    /// <param name="open">Opens a connection to the store's file.</param>
    public SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        this.open = open;
        loop = Task.Run(RunAsync);
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
