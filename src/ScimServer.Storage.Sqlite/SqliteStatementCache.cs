using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Prepared statements kept across requests for the store's fixed hot reads (a resource by id, a token by hash, a
/// page's groups and members). Microsoft.Data.Sqlite prepares a statement per command object and drops it with the
/// command, and SQLite plans the groups walk (a recursive CTE) anew each time: profiling a GET at 100,000 users put
/// half its time in preparing that one statement. Here a few connections stay open, each with its commands.
/// </summary>
internal sealed class SqliteStatementCache(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    /// <summary>Connections kept idle; more readers at once open more, and those beyond are closed after use.</summary>
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<CachedConnection> idle = [];
    private int disposed;

    /// <summary>A connection with its cached commands, for one read; dispose the lease to return it.</summary>
    public async Task<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (!idle.TryTake(out var cached))
        {
            cached = new CachedConnection(await open(cancellationToken));
        }

        return new Lease(this, cached);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref disposed, 1);
        while (idle.TryTake(out var cached))
        {
            cached.Dispose();
        }
    }

    private void Return(CachedConnection cached)
    {
        if (Volatile.Read(ref disposed) == 1 || idle.Count >= MaxIdle)
        {
            cached.Dispose();
            return;
        }

        idle.Add(cached);
    }

    internal sealed class CachedConnection(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

        /// <summary>The command for <paramref name="sql"/>, prepared once on this connection, its parameters cleared.</summary>
        public SqliteCommand Command(string sql)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                commands[sql] = command;
            }

            command.Parameters.Clear();
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
        public SqliteCommand Command(string sql) => cached.Command(sql);

        public void Dispose() => cache.Return(cached);
    }
}
