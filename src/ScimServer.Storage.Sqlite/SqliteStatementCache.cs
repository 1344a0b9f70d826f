using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Prepared statements kept across requests for the store's hot reads (a resource by id, a token by hash, a tenant, a
/// page's groups and members, and list queries, whose SQL depends on the filter's shape, not its values).
/// Microsoft.Data.Sqlite prepares a statement per command object and drops it with the command, and SQLite plans
/// each statement anew: profiling a GET at 100,000 users put half its time in preparing the groups walk. Here a few
/// connections stay open, each with its commands.
/// </summary>
internal sealed class SqliteStatementCache(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    /// <summary>Connections kept idle; more readers at once open more, and those beyond are closed after use.</summary>
    private const int MaxIdle = 16;

    /// <summary>
    /// Statements kept per connection: every fixed read plus the list queries' shapes in use. Past it the connection
    /// starts afresh, so a client that sends ever new filter shapes costs preparation, not memory.
    /// </summary>
    private const int MaxCommands = 64;

    // A stack, not a ConcurrentBag: the bag's Count locks every thread's list (it was most of the lock contention of a
    // GET under load), and its TryTake steals from other threads' lists whenever an await moved the request; a stack
    // also hands out the connection used last, whose cache is warm. The count beside it bounds the idle connections.
    private readonly ConcurrentStack<CachedConnection> idle = new();
    private int idleCount;
    private int disposed;

    /// <summary>A connection with its cached commands, for one read; dispose the lease to return it.</summary>
    public async Task<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.TryPop(out var cached))
        {
            Interlocked.Decrement(ref idleCount);
        }
        else
        {
            cached = new CachedConnection(await open(cancellationToken));
        }

        return new Lease(this, cached);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref disposed, 1);
        while (idle.TryPop(out var cached))
        {
            cached.Dispose();
        }
    }

    private void Return(CachedConnection cached)
    {
        // A connection still in a transaction (its ROLLBACK failed) would hand the next lease an old snapshot.
        if (Volatile.Read(ref disposed) == 1 || SQLitePCL.raw.sqlite3_get_autocommit(cached.Connection.Handle) == 0)
        {
            cached.Dispose();
            return;
        }

        if (Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            cached.Dispose();
            return;
        }

        idle.Push(cached);
    }

    internal sealed class CachedConnection(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

        public SqliteConnection Connection => connection;

        /// <summary>
        /// The command for <paramref name="sql"/>, prepared once on this connection, its parameters cleared and outside
        /// any transaction (set <see cref="SqliteCommand.Transaction"/> to run it in one).
        /// </summary>
        public SqliteCommand Command(string sql)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                if (commands.Count >= MaxCommands)
                {
                    foreach (var old in commands.Values)
                    {
                        old.Dispose();
                    }

                    commands.Clear();
                }

                command = connection.CreateCommand();
                command.CommandText = sql;
                commands[sql] = command;
            }

            command.Parameters.Clear();
            command.Transaction = null;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }

    internal readonly struct Lease(SqliteStatementCache cache, CachedConnection cached) : IDisposable
    {
        public SqliteConnection Connection => cached.Connection;

        public SqliteCommand Command(string sql) => cached.Command(sql);

        /// <summary>
        /// Starts a read transaction with a kept <c>BEGIN</c> and ends it with a kept <c>ROLLBACK</c> when disposed: the
        /// statements the lease then runs (outside any <see cref="SqliteTransaction"/>) see one snapshot.
        /// <see cref="SqliteConnection.BeginTransaction()"/> prepares both statements anew each time, and with its
        /// rollback hook that was a tenth of an <c>eq</c> filter's time in the store.
        /// </summary>
        public async Task<ReadSnapshot> BeginReadAsync(CancellationToken cancellationToken)
        {
            await cached.Command("BEGIN DEFERRED").ExecuteNonQueryAsync(cancellationToken);
            return new ReadSnapshot(cached);
        }

        /// <summary>The kept command for <paramref name="sql"/> with these parameters.</summary>
        public SqliteCommand Command(string sql, IReadOnlyList<SqlParameterValue> parameters)
        {
            var command = cached.Command(sql);
            foreach (var parameter in parameters)
            {
                command.Parameters.AddWithValue(parameter.Name, parameter.Value ?? DBNull.Value);
            }

            return command;
        }

        public void Dispose() => cache.Return(cached);
    }

    /// <summary>An open read transaction of a lease's connection (<see cref="Lease.BeginReadAsync"/>).</summary>
    internal readonly struct ReadSnapshot(CachedConnection cached) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Not cancellable: the connection goes back to the cache and must never keep its snapshot.
            await cached.Command("ROLLBACK").ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
