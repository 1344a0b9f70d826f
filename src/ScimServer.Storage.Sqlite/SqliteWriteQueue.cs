using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Group commit: the store's resource writes run one after another on one writer, and every write waiting when a
/// transaction starts shares it — and its one fsync. Each write of a shared transaction runs inside its own savepoint (a
/// write alone in its transaction needs none), so a write that fails or declines (a taken userName, a missing member) is
/// rolled back alone; a write is acknowledged only once the shared transaction has committed, so an acknowledged write
/// is as durable as with a commit of its own (kill -9 safe).
/// SQLite admits one writer at a time anyway: 16 clients posting users used to queue for the lock and pay one fsync
/// each; now they queue here and pay one between them.
/// </summary>
internal sealed class SqliteWriteQueue : IDisposable
{
    /// <summary>Most writes in one transaction: bounds how long a write waits behind others in its batch.</summary>
    private const int MaxBatch = 128;

    /// <summary>How long the writer must have been idle before the idle work starts (see <see cref="WriteArrivesWithinAsync"/>).</summary>
    private static readonly TimeSpan IdleBefore = TimeSpan.FromSeconds(1);

    private readonly Func<CancellationToken, Task<SqliteConnection>> open;
    private readonly Action<string, bool> committed;
    private readonly Func<SqliteWriter, Task> beginBatch;
    private readonly Func<SqliteWriter, Task> endBatch;
    private readonly SqliteCheckpointer checkpointer;
    private readonly Channel<Job> jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    /// <summary>The writer's connection, opened at the first batch and kept; dropped after a batch that failed.</summary>
    private SqliteWriter? writer;

    private readonly Func<SqliteWriter, Task<bool>> idleWork;

    /// <summary>Set after a large write: the idle work has something to do (see <see cref="RunIdleStepAsync"/>).</summary>
    private volatile bool idleWorkDue;

    /// <summary>When the last batch of writes committed (<see cref="Stopwatch"/> ticks).</summary>
    private long lastWrite;

    /// <param name="open">Opens a connection to the store's file that is the queue's own (not shared through a pool).</param>
    /// <param name="committed">
    /// Told each tenant a committed batch wrote in, before any of its writes is acknowledged, and whether every write of
    /// the batch in that tenant kept the id order (<see cref="SqliteWriter.KeptOrder"/>).
    /// </param>
    /// <param name="beginBatch">Runs first in each shared transaction.</param>
    /// <param name="endBatch">Runs last in each shared transaction, after every write, before the commit.</param>
    /// <param name="checkpointer">Told after every commit.</param>
    /// <param name="idleWork">
    /// Work for the writer when no write waits, after a large write: one bounded step per transaction, each returning
    /// whether more is left. A write that arrives waits for the step in progress at most, then goes first.
    /// </param>
    public SqliteWriteQueue(
        Func<CancellationToken, Task<SqliteConnection>> open,
        Action<string, bool> committed,
        Func<SqliteWriter, Task> beginBatch,
        Func<SqliteWriter, Task> endBatch,
        SqliteCheckpointer checkpointer,
        Func<SqliteWriter, Task<bool>> idleWork)
    {
        this.idleWork = idleWork;
        this.open = open;
        this.committed = committed;
        this.beginBatch = beginBatch;
        this.endBatch = endBatch;
        this.checkpointer = checkpointer;
        loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next shared transaction. It returns its result and whether its changes are
    /// kept (false rolls back its savepoint, e.g. for a conflict found half-way); an exception rolls it back too.
    /// </summary>
    /// <param name="tenants">The tenants the write may change (their cached counts are outdated once it commits).</param>
    /// <param name="large">A write of many rows (a batched load): it runs alone in its transaction, without a savepoint.</param>
    public Task<T> WriteAsync<T>(
        IReadOnlyCollection<string> tenants,
        Func<SqliteWriter, CancellationToken, Task<(T Result, bool Keep)>> work,
        CancellationToken cancellationToken,
        bool large = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var job = new Job<T>(tenants, work, cancellationToken) { Large = large };
        if (!jobs.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(SqliteScimStore));
        }

        return job.Task;
    }

    /// <summary>Whether the writer's page cache is the large one of a load (for the tests).</summary>
    internal bool LargeCache => writer?.LargeCache ?? false;

    internal bool IdleWorkPending => idleWorkDue;

    /// <summary>Finishes the writes already queued, then stops.</summary>
    public void Dispose()
    {
        jobs.Writer.TryComplete();
        loop.GetAwaiter().GetResult();
        writer?.Dispose();
        writer = null;
    }

    private async Task RunAsync()
    {
        var batch = new List<Job>(MaxBatch);
        while (true)
        {
            if (!jobs.Reader.TryPeek(out _))
            {
                if (idleWorkDue && !jobs.Reader.Completion.IsCompleted && !await WriteArrivesWithinAsync(IdleBefore - Stopwatch.GetElapsedTime(lastWrite)))
                {
                    await RunIdleStepAsync();
                    continue;
                }

                if (!await jobs.Reader.WaitToReadAsync())
                {
                    break;
                }
            }

            batch.Clear();
            while (batch.Count < MaxBatch && !(batch is [{ Large: true }]) && jobs.Reader.TryPeek(out var next))
            {
                // A large write runs alone: it then needs no savepoint (see RunBatchAsync), whose journal would hold
                // the first state of every page the load changes. The writes queued after it wait for the next batch.
                if (next.Large && batch.Count > 0)
                {
                    break;
                }

                jobs.Reader.TryRead(out var job);
                if (!job!.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(job);
                }
                else
                {
                    job.Cancel();
                }
            }

            if (batch.Count > 0)
            {
                await RunBatchAsync(batch);

                // After the batch's writes are acknowledged: the wait is the next batch's.
                if (writer is not null && checkpointer.RestartDue() is { } wait)
                {
                    checkpointer.Restarted(await writer.RestartLogAsync(wait));
                }
            }
        }
    }

    /// <summary>
    /// Whether a write is queued within <paramref name="wait"/>. The idle work waits this long after the last write:
    /// a load (a Bulk after another) leaves the writer idle for milliseconds between its requests, and merging then
    /// would slow the load and merge segments the next request adds to again.
    /// </summary>
    private async Task<bool> WriteArrivesWithinAsync(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return jobs.Reader.TryPeek(out _);
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            // A write, or the queue completed (the store stops): either way no idle work now.
            await jobs.Reader.WaitToReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One step of the idle work in its own transaction.</summary>
    private async Task RunIdleStepAsync()
    {
        try
        {
            writer ??= new SqliteWriter(await open(CancellationToken.None));
            if (writer.LargeCache)
            {
                // The writer has been idle for a while: the load is over. Its 64 MB of cached pages go back now, not
                // after the merge (the merge's steps write 100 pages each and need no large cache; at 1,000,000 users
                // the merge runs for minutes), and so does the garbage the load left in the managed heap.
                writer.ShrinkCache();
                ManagedHeap.Compact();
                NativeHeap.Trim();
            }

            writer.Begin(large: false);
            var more = await idleWork(writer);
            await writer.CommitAsync();
            checkpointer.Written();
            idleWorkDue = more;
            if (!more)
            {
                // What the merge's steps freed goes back to the system, not only to the C heap.
                NativeHeap.Trim();
            }
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // Maintenance only: what failed is rolled back, and the next large write schedules it again.
            DropWriter();
            idleWorkDue = false;
        }
    }

    private async Task RunBatchAsync(List<Job> batch)
    {
        // A write alone in its transaction is rolled back with the transaction itself: no savepoint. Profiling a Bulk
        // of 1,000 users put as many bytes in its savepoint's journal as in the WAL.
        var alone = batch.Count == 1;
        var kept = new List<Job>(batch.Count);
        try
        {
            writer ??= new SqliteWriter(await open(CancellationToken.None));
            writer.Begin(large: batch[0].Large);
            await beginBatch(writer);
            foreach (var job in batch)
            {
                if (!alone)
                {
                    writer.Save();
                }

                bool keep;
                writer.KeptOrder = false;
                try
                {
                    keep = await job.RunAsync(writer);
                    job.KeptOrder = writer.KeptOrder;
                }
                catch (Exception exception)
                {
                    if (alone)
                    {
                        await writer.EndAsync();
                        job.Fail(exception);
                        return;
                    }

                    writer.RollbackToSave();
                    writer.Release();
                    job.Fail(exception);
                    continue;
                }

                if (alone)
                {
                    if (!keep)
                    {
                        // Nothing of the transaction stays: no commit, nothing outdated.
                        await writer.EndAsync();
                        job.Complete();
                        return;
                    }
                }
                else
                {
                    if (!keep)
                    {
                        writer.RollbackToSave();
                    }

                    writer.Release();
                }

                kept.Add(job);
            }

            await endBatch(writer);
            await writer.CommitAsync();
        }
        catch (Exception exception)
        {
            // The transaction did not commit (the file busy past the timeout, a full disk, an I/O error): no write of
            // the batch happened, and none is acknowledged. The next batch starts on a new connection.
            DropWriter();
            foreach (var job in batch)
            {
                job.Fail(exception);
            }

            return;
        }

        checkpointer.Written();
        lastWrite = Stopwatch.GetTimestamp();
        if (batch[0].Large)
        {
            idleWorkDue = true;
        }

        foreach (var tenant in kept.SelectMany(job => job.Tenants).Distinct(StringComparer.Ordinal))
        {
            committed(tenant, kept.All(job => job.KeptOrder || !job.Tenants.Contains(tenant)));
        }

        foreach (var job in kept)
        {
            job.Complete();
        }
    }

    private void DropWriter()
    {
        try
        {
            writer?.Dispose();
        }
        catch (SqliteException)
        {
            // Closing rolls back what is left open; a connection that fails at that is dropped all the same.
        }

        writer = null;
    }

    private abstract class Job(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken)
    {
        public IReadOnlyCollection<string> Tenants { get; } = tenants;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public bool Large { get; init; }

        /// <summary>The write moved no resource in the id order of its tenants' listings; false unless it says so.</summary>
        public bool KeptOrder { get; set; }

        /// <summary>Runs the write; true keeps its changes. The result waits for <see cref="Complete"/>.</summary>
        public abstract Task<bool> RunAsync(SqliteWriter writer);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class Job<T>(
        IReadOnlyCollection<string> tenants,
        Func<SqliteWriter, CancellationToken, Task<(T Result, bool Keep)>> work,
        CancellationToken cancellationToken) : Job(tenants, cancellationToken)
    {
        // Asynchronous continuations: a caller's code never runs on the writer.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => completion.Task;

        public override async Task<bool> RunAsync(SqliteWriter writer)
        {
            var (value, keep) = await work(writer, CancellationToken);
            result = value;
            return keep;
        }

        public override void Complete() => completion.TrySetResult(result!);

        public override void Fail(Exception exception) => completion.TrySetException(exception);

        public override void Cancel() => completion.TrySetCanceled(CancellationToken);
    }
}
