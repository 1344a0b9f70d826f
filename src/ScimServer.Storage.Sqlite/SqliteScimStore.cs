using Microsoft.Data.Sqlite;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, one table per resource type holding the stored document as
/// JSON, filters translated to SQL over <c>json_extract</c> / <c>json_each</c>. Thread-safe: every operation opens
/// its own (pooled) connection, and every write runs in a <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed partial class SqliteScimStore : IResourceStore, ITenantStore, IStoreInitializer, IDisposable
{
    /// <summary>How long a statement waits for another writer before SQLite reports the file busy.</summary>
    internal const int BusyTimeoutMilliseconds = 5_000;

    internal const string ResourceColumns = "tenant, id, version, created, last_modified, unique_key, external_id, password_hash, doc";

    // SQLite's extended result codes for a violated UNIQUE constraint and PRIMARY KEY.
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    /// <summary>Above this many items, batched creations run alone in their transaction, without a savepoint (<see cref="SqliteWriteQueue"/>).</summary>
    private const int LargeBatch = 64;

    /// <summary>Pages of trigram index written per idle merge step (see <see cref="MergeTrigramIndexesAsync"/>).</summary>
    private const int MergePagesPerStep = 100;

    /// <summary>Segments of one level the idle merge joins (FTS5 <c>usermerge</c>; see <see cref="MergeTrigramIndexesAsync"/>).</summary>
    private const int SegmentsMergedPerLevel = 2;

    /// <summary>How many batched creations (a Bulk load) between two refreshes of the planner's statistics.</summary>
    private const int OptimizeAfterBatchedRows = 20_000;

    /// <summary>The schema step that added the search key tables; a file from before it needs a backfill.</summary>
    private const int SearchKeysStep = 3;

    private readonly string databasePath;
    private readonly string connectionString;
    private readonly string writerConnectionString;
    private readonly SchemaRegistry schemas;
    private readonly CountCache counts = new();
    private readonly TrigramStatistics trigrams = new(TimeProvider.System);
    private readonly GroupGraphCache groupGraphs = new();
    private readonly TokenCache tokens = new();
    private readonly PageBookmarks bookmarks = new();
    private readonly QueryShapeCache shapes = new();
    private readonly SqliteCheckpointer checkpointer;
    private readonly SqliteWriteQueue writes;
    private readonly SqliteStatementCache statements;
    private readonly long walSizeLimit;

    /// <summary>How many COUNT statements ran (not answered from the cache or the page): for the tests.</summary>
    private long countsRun;

    /// <summary>How many walks placed page bookmarks: for the tests.</summary>
    private long bookmarkWalks;

    private long groupGraphsRead;
    private long groupWalksInSql;

    /// <summary>Merge steps run with the large page cache of a load: for the tests.</summary>
    private long mergeStepsWithLargeCache;

    /// <summary>Rows created in batches since the statistics were last refreshed; see <see cref="OptimizeAfterBatchedRows"/>.</summary>
    private long batchedSinceOptimize;

    public SqliteScimStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.WalSizeLimit);
        databasePath = System.IO.Path.GetFullPath(options.Path);
        schemas = options.Schemas ?? SchemaRegistry.LoadEmbedded();
        checkpointer = new SqliteCheckpointer(OpenAsync, databasePath, options.WalSizeLimit);
        walSizeLimit = options.WalSizeLimit;
        writes = new SqliteWriteQueue(OpenWriterAsync, counts.Invalidate, BeginWriteBatchAsync, EndWriteBatchAsync, checkpointer, MergeTrigramIndexesAsync);
        statements = new SqliteStatementCache(OpenAsync);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();

        // The writer's connection is its own, never pooled: it is configured for the writer alone (SqliteWriter).
        writerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    }

    internal long CountsRun => Interlocked.Read(ref countsRun);

    /// <summary>Whether the writer holds the large page cache of a load: for the tests.</summary>
    internal bool WriterCacheLarge => writes.LargeCache;

    internal long BookmarkWalks => Interlocked.Read(ref bookmarkWalks);

    /// <summary>The list queries' shapes translated (misses of the statements kept by shape), and how many are kept: for the tests.</summary>
    internal (long Translated, int Kept) QueryShapes => (shapes.ShapesTranslated, shapes.Count);

    /// <summary>How many steps of the trigram merge ran with the large page cache of a load: for the tests.</summary>
    internal long MergeStepsWithLargeCache => Interlocked.Read(ref mergeStepsWithLargeCache);

    /// <summary>For tests: whether the writer still has idle work (the trigram merge) to do.</summary>
    internal bool IdleWorkPending => writes.IdleWorkPending;

    /// <summary>How many times a tenant's group graph was read, and how many walks ran in SQL instead: for the tests.</summary>
    internal (long GraphsRead, long WalksInSql) GroupReads => (Interlocked.Read(ref groupGraphsRead), Interlocked.Read(ref groupWalksInSql));

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => databasePath;

    /// <summary>Creates the directory, switches the file to WAL and runs the migrations it has not seen; idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);

        // WAL lets readers run while one writer writes; the mode is stored in the file.
        await ExecuteScalarAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);

        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var version = Convert.ToInt32(
            await ExecuteScalarAsync(connection, transaction, "PRAGMA user_version", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        var steps = SqliteMigrations.Steps;
        if (version > steps.Count)
        {
            throw new InvalidOperationException(
                $"The database '{databasePath}' has schema version {version}; this server knows up to {steps.Count}.");
        }

        for (var step = version; step < steps.Count; step++)
        {
            await ExecuteNonQueryAsync(connection, transaction, steps[step], cancellationToken);
        }

        if (version is > 0 and < SearchKeysStep)
        {
            await BackfillSearchKeysAsync(connection, transaction, cancellationToken);
        }

        if (version < steps.Count)
        {
            // PRAGMA takes no parameters; the value is our own integer.
            await ExecuteNonQueryAsync(
                connection,
                transaction,
                "PRAGMA user_version = " + steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await OptimizeAsync(connection, transaction: null, cancellationToken);
    }

    /// <summary>
    /// Brings the planner's statistics up to date where the data changed a lot (SQLite's <c>PRAGMA optimize</c>: at
    /// start-up, and after a large batch). analysis_limit bounds each index's sample, so it costs milliseconds, not a
    /// scan of a million rows. Plans that matter do not depend on it (QueryPlanTests): it only helps the rest.
    /// </summary>
    private static async Task OptimizeAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await ExecuteNonQueryAsync(connection, transaction, "PRAGMA analysis_limit = 1000", cancellationToken);
        await ExecuteNonQueryAsync(connection, transaction, "PRAGMA optimize = 0x10002", cancellationToken);
    }

    public async Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default)
    {
        var table = TableOf(resourceType);
        using var lease = await statements.RentAsync(cancellationToken);
        var command = lease.Command($"SELECT {ResourceColumns} FROM {table} WHERE tenant = @tenant AND id = @id");
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResource(reader, tenant, resourceType) : null;
    }

    public async Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        CheckAuditTenant(audit, resource.Tenant);
        var row = RowOf(resource);
        using var graphWrite = GroupGraphWrite(resource.Tenant, resource.ResourceType);
        return await writes.WriteAsync([resource.Tenant], async (writer, cancellation) =>
        {
            writer.KeptOrder = await IsAboveEveryIdAsync(writer, row.Table, resource.Tenant, resource.Id, cancellation);
            var command = writer.Command(InsertSql(row.Table, onConflict: false));
            row.Bind(command);
            command.Parameters.AddWithValue("@created", ScimDateTime.ToText(resource.Created));
            try
            {
                await command.ExecuteNonQueryAsync(cancellation);
            }
            catch (SqliteException exception) when (IsUniqueViolation(exception))
            {
                return Discard(StoreOutcome.Conflict);
            }

            await InsertSearchKeysAsync(writer, row, cancellation);

            if (members is { Count: > 0 })
            {
                // Discarded, the insert goes with it: a group with a missing member is not created.
                var outcome = await AddInitialMembersAsync(writer.Connection, writer.Transaction, resource, members, cancellation);
                if (outcome != StoreOutcome.Ok)
                {
                    return Discard(outcome);
                }
            }

            await AppendWithWriteAsync(writer, audit, resource.Version, cancellation);
            return Keep(StoreOutcome.Ok);
        }, cancellationToken);
    }

    /// <summary>
    /// All items in one transaction (one fsync) through one prepared INSERT: a Bulk request of 1,000 users is one write,
    /// not 1,000. <c>ON CONFLICT DO NOTHING</c> makes a taken userName (or id) a no-op for that item alone — its outcome
    /// is Conflict and it appends no audit entry — while the others go in.
    /// </summary>
    public async Task<IReadOnlyList<StoreOutcome>> CreateManyAsync(
        IReadOnlyList<(StoredResource Resource, AuditEntry? Audit)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        // The batch is one write of the queue: one transaction, in every tenant its items belong to.
        var tenants = items.Select(item => item.Resource.Tenant).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<(ResourceRow Row, AuditEntry? Audit)>(items.Count);
        foreach (var (resource, audit) in items)
        {
            CheckAuditTenant(audit, resource.Tenant);
            rows.Add((RowOf(resource), audit));
        }

        var result = await writes.WriteAsync(
            tenants,
            async (writer, cancellation) => Keep(await InsertManyAsync(writer, rows, cancellation)),
            cancellationToken,
            large: items.Count > LargeBatch);
        foreach (var tenant in items.Where(item => item.Resource.ResourceType == ResourceTypes.Group).Select(item => item.Resource.Tenant).Distinct(StringComparer.Ordinal))
        {
            groupGraphs.Invalidate(tenant);
        }

        // A large load changes the shape of the data: refresh the planner's statistics now and then, not only at start.
        // As a write of the queue: ANALYZE takes the write lock, and on a connection of its own it waited for it against
        // the queue's next batch of the load; past the busy timeout it failed the request of a batch that had committed
        // (a Bulk answered 500 at 850,000 users, each batch of 1,000 then taking over 5 s on a busy machine).
        if (Interlocked.Add(ref batchedSinceOptimize, items.Count) >= OptimizeAfterBatchedRows)
        {
            Interlocked.Exchange(ref batchedSinceOptimize, 0);
            await writes.WriteAsync<bool>([], async (writer, cancellation) =>
            {
                await OptimizeAsync(writer.Connection, writer.Transaction, cancellation);
                return Keep(true);
            }, cancellationToken);
        }

        return result;
    }

    private async Task<List<StoreOutcome>> InsertManyAsync(
        SqliteWriter writer, IReadOnlyList<(ResourceRow Row, AuditEntry? Audit)> rows, CancellationToken cancellationToken)
    {
        var outcomes = new List<StoreOutcome>(rows.Count);
        writer.KeptOrder = await AreAboveEveryIdAsync(writer, rows, cancellationToken);
        foreach (var (row, entry) in rows)
        {
            var insert = writer.Command(InsertSql(row.Table, onConflict: true));
            row.Bind(insert);
            insert.Parameters.AddWithValue("@created", ScimDateTime.ToText(row.Resource.Created));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                outcomes.Add(StoreOutcome.Conflict);
                continue;
            }

            await InsertSearchKeysAsync(writer, row, cancellationToken);
            await AppendWithWriteAsync(writer, entry, row.Resource.Version, cancellationToken);
            outcomes.Add(StoreOutcome.Ok);
        }

        return outcomes;
    }

    /// <summary>
    /// One step of merging the trigram indexes' segments, run by the writer when idle after a large write. FTS5 adds a
    /// segment per transaction and merges them only four at a time, so after a load the index is a few dozen segments,
    /// and a co filter looks each of its trigrams up in every one: merged down, the trigram part of a co query took
    /// 0.53 against 0.19 ms at 100,000 users. FTS5's own incremental merge, a bounded amount per step so a write that
    /// arrives waits little.
    /// </summary>
    /// <remarks>
    /// Two segments of one level are merged (FTS5's <c>usermerge</c> 2, a positive <c>merge</c>), which leaves at most
    /// one segment per level (nine levels after loading 1,000,000 users), so a segment is rewritten only when another
    /// of its level joins it. A negative <c>merge</c> gathers every segment into one: after each Bulk of 1,000 at
    /// 1,000,000 users it rewrote the whole 100 MB index, 12 s of the writer at 60 % of a core.
    /// </remarks>
    /// <returns>Whether a merge was left to do: FTS5 changes fewer than two rows once there is none.</returns>
    private async Task<bool> MergeTrigramIndexesAsync(SqliteWriter writer)
    {
        if (writer.LargeCache)
        {
            Interlocked.Increment(ref mergeStepsWithLargeCache);
        }

        var more = false;
        foreach (var index in MergedIndexes)
        {
            // In the step's own transaction (a step rolled back takes its setting with it): one row of the index's
            // configuration, beside the step's hundred pages.
            await writer.Command($"INSERT INTO {index} ({index}, rank) VALUES ('usermerge', {SegmentsMergedPerLevel})").ExecuteNonQueryAsync();
            var before = SQLitePCL.raw.sqlite3_total_changes(writer.Connection.Handle);
            await writer.Command($"INSERT INTO {index} ({index}, rank) VALUES ('merge', {MergePagesPerStep})").ExecuteNonQueryAsync();
            more |= SQLitePCL.raw.sqlite3_total_changes(writer.Connection.Handle) - before >= 2;
        }

        return more;
    }

    /// <summary>
    /// Whether <paramref name="id"/> sorts above every id of the tenant's <paramref name="table"/> (before it is
    /// inserted): a creation there moves no other resource in the id order, and the listing's page bookmarks hold.
    /// Ids are time-ordered (UUIDv7), so nearly every creation is one; the rest (ids given by a caller, two requests
    /// out of order) only cost a re-walk.
    /// </summary>
    private static async Task<bool> IsAboveEveryIdAsync(SqliteWriter writer, string table, string tenant, string id, CancellationToken cancellationToken)
    {
        var highest = writer.Command(HighestIdSqls[table]);
        highest.Parameters.AddWithValue("@tenant", tenant);
        return await highest.ExecuteScalarAsync(cancellationToken) is not string above || string.CompareOrdinal(id, above) > 0;
    }

    /// <summary><see cref="IsAboveEveryIdAsync"/> for every row of a batch, each against the ids stored before it.</summary>
    private static async Task<bool> AreAboveEveryIdAsync(
        SqliteWriter writer, IReadOnlyList<(ResourceRow Row, AuditEntry? Audit)> rows, CancellationToken cancellationToken)
    {
        foreach (var group in rows.GroupBy(item => (item.Row.Table, item.Row.Resource.Tenant)))
        {
            var lowest = group.Select(item => item.Row.Resource.Id).Min(StringComparer.Ordinal)!;
            if (!await IsAboveEveryIdAsync(writer, group.Key.Table, group.Key.Tenant, lowest, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The FTS5 indexes the idle merge keeps to one segment a level: trigram and backwards, of users and groups.</summary>
    private static readonly string[] MergedIndexes = [.. new[] { "users", "groups" }
        .Select(SqliteMigrations.KeysTableOf)
        .SelectMany(keys => new[] { keys + "_fts", SqliteMigrations.BackwardsIndexOf(keys) })];

    private static readonly IReadOnlyDictionary<string, string> HighestIdSqls =
        new[] { "users", "groups" }.ToDictionary(table => table, table => $"SELECT max(id) FROM {table} WHERE tenant = @tenant", StringComparer.Ordinal);

    /// <summary>
    /// The INSERT of a resource row; <paramref name="onConflict"/> makes a taken key a no-op (batched creations)
    /// instead of an error.
    /// </summary>
    private static string InsertSql(string table, bool onConflict) => onConflict ? InsertSqls[table].OnConflict : InsertSqls[table].Plain;

    /// <summary>Built once: the writer looks its kept statements up by their text, for every item of a batch.</summary>
    private static readonly IReadOnlyDictionary<string, (string Plain, string OnConflict)> InsertSqls =
        new[] { "users", "groups" }.ToDictionary(table => table, table => (BuildInsertSql(table, false), BuildInsertSql(table, true)), StringComparer.Ordinal);

    private static string BuildInsertSql(string table, bool onConflict) => $"""
        INSERT INTO {table} ({ResourceColumns})
        VALUES (@tenant, @id, @version, @created, @last_modified, @unique_key, @external_id, @password_hash, @doc)
        """ + (onConflict ? " ON CONFLICT DO NOTHING" : "");

    /// <remarks>
    /// The new <see cref="StoredResource.Version"/> must be <paramref name="expectedVersion"/> + 1 (versions grow by
    /// one with every change). <see cref="StoredResource.Created"/> is kept as stored.
    /// </remarks>
    public async Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        CheckAuditTenant(audit, resource.Tenant);
        if (resource.Version != expectedVersion + 1)
        {
            throw new ArgumentException(
                $"A replaced resource's version must be {expectedVersion + 1} (expected version + 1), not {resource.Version}.",
                nameof(resource));
        }

        var row = RowOf(resource);
        var table = row.Table;
        using var graphWrite = GroupGraphWrite(resource.Tenant, resource.ResourceType);
        return await writes.WriteAsync([resource.Tenant], async (writer, cancellation) =>
        {
            var command = writer.Command($"""
                UPDATE {table}
                SET version = @version, last_modified = @last_modified, unique_key = @unique_key,
                    external_id = @external_id, password_hash = @password_hash, doc = @doc
                WHERE tenant = @tenant AND id = @id AND version = @expected
                """);
            row.Bind(command);
            command.Parameters.AddWithValue("@expected", expectedVersion);
            int changed;
            try
            {
                changed = await command.ExecuteNonQueryAsync(cancellation);
            }
            catch (SqliteException exception) when (IsUniqueViolation(exception))
            {
                return Discard(StoreOutcome.Conflict);
            }

            if (changed == 0)
            {
                return Discard(await MissOutcomeAsync(writer, table, resource.Tenant, resource.Id, cancellation));
            }

            await DeleteSearchKeysAsync(writer, row.KeysTable, resource.Tenant, resource.Id, cancellation);
            await InsertSearchKeysAsync(writer, row, cancellation);
            await AppendWithWriteAsync(writer, audit, resource.Version, cancellation);
            writer.KeptOrder = true;
            return Keep(StoreOutcome.Ok);
        }, cancellationToken);
    }

    public async Task<StoreOutcome> DeleteAsync(
        string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        CheckAuditTenant(audit, tenant);
        var table = TableOf(resourceType);
        using var graphWrite = GroupGraphWrite(tenant, resourceType);
        return await writes.WriteAsync([tenant], async (writer, cancellation) =>
        {
            var command = writer.Command($"DELETE FROM {table} WHERE tenant = @tenant AND id = @id"
                + (expectedVersion is null ? "" : " AND version = @expected"));
            command.Parameters.AddWithValue("@tenant", tenant);
            command.Parameters.AddWithValue("@id", id);
            if (expectedVersion is { } expected)
            {
                command.Parameters.AddWithValue("@expected", expected);
            }

            if (await command.ExecuteNonQueryAsync(cancellation) == 0)
            {
                return Discard(await MissOutcomeAsync(writer, table, tenant, id, cancellation));
            }

            // The resource's membership edges go with it, both the groups it is in and, for a group, its members.
            var edges = writer.Command(resourceType == ResourceTypes.Group
                ? "DELETE FROM members WHERE tenant = @tenant AND (group_id = @id OR (member_id = @id AND member_type = @type))"
                : "DELETE FROM members WHERE tenant = @tenant AND member_id = @id AND member_type = @type");
            edges.Parameters.AddWithValue("@tenant", tenant);
            edges.Parameters.AddWithValue("@id", id);
            edges.Parameters.AddWithValue("@type", resourceType);
            await edges.ExecuteNonQueryAsync(cancellation);

            await DeleteSearchKeysAsync(writer, SqliteMigrations.KeysTableOf(table), tenant, id, cancellation);
            await AppendWithWriteAsync(writer, audit, version: null, cancellation);
            return Keep(StoreOutcome.Ok);
        }, cancellationToken);
    }

    public async Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Read before the snapshot begins (its first read): a write committing after this has already outdated what a
        // count or a bookmark of this snapshot is stored under, so none is kept from before a write once it is acknowledged.
        var generation = counts.Generation(query.Tenant);
        var orderGeneration = counts.OrderGeneration(query.Tenant);

        // Kept statements: a list query's SQL depends on the filter's shape, not its values (those are parameters).
        using var lease = await statements.RentAsync(cancellationToken);

        // One read transaction: the walk to the page, the page and the count see the same snapshot.
        await using var snapshot = await lease.BeginReadAsync(cancellationToken);

        // A first page that holds fewer matches than it could is every match: its size is the total, no count needed
        // (a filter on userName, externalId or an email finds one user; Entra ID and Okta send such filters all day).
        var firstPage = query is { After: null, Offset: 0 };
        if (query is { After: null, Offset: >= PageBookmarks.Spacing, Limit: > 0 })
        {
            // Positions in an unfiltered listing in id order move only when a resource comes in before others or goes.
            query = await SeekAsync(lease, query, query is { Filter: null, Sort: null } ? orderGeneration : generation, cancellationToken);
        }

        var plan = shapes.Statements(query, RarestTrigrams(lease));
        var resources = new List<StoredResource>(Math.Min(query.Limit, 1_000));
        object? lastSortValue = null;
        var more = false;
        if (plan.Page is { } pageSql)
        {
            var select = lease.Command(pageSql, plan.Parameters);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (resources.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                resources.Add(ReadResource(reader, query.Tenant, query.ResourceType));

                // Only the page's last row can start the next page: no sort value read (a string) for the others.
                if (resources.Count == query.Limit)
                {
                    lastSortValue = reader.IsDBNull(9) ? null : reader.GetValue(9);
                }
            }
        }

        long? total = null;
        if (plan.Count is { } countSql)
        {
            total = firstPage && plan.Page is not null && !more ? resources.Count
                : plan.CountIsKept ? Convert.ToInt64(await lease.Command(countSql, plan.CountParameters).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture)
                : await CountAsync(lease, query.Tenant, generation, countSql, plan.CountParameters, cancellationToken);
        }

        // A page of users with their groups: the direct edges on this connection, in this snapshot, walked in the group
        // graph — no second connection, read transaction and store call per page (an eq filter's user, issue 12).
        List<GroupMembership>? groups = null;
        if (query.WithMembership && query.ResourceType == ResourceTypes.User && resources.Count > 0)
        {
            var ids = new string[resources.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = resources[i].Id;
            }

            groups = await GroupsFromGraphAsync(lease, query.Tenant, ids, cancellationToken);
        }

        var next = more ? new KeysetPosition(lastSortValue, resources[^1].Id) : null;
        return new QueryPage(resources, total, next) { Groups = groups };
    }

    /// <summary>Ranks a <c>co</c> value's trigrams with the lease's connection (inside its read snapshot).</summary>
    private TrigramChooser RarestTrigrams(SqliteStatementCache.Lease lease)
    {
        var connection = lease.Connection;
        return (keysTable, all) => trigrams.Rarest(connection, keysTable, all);
    }

    /// <summary>The number of matches, remembered until the tenant's next write (<see cref="CountCache"/>).</summary>
    /// <param name="generation">The tenant's generation, read before the snapshot the count runs in began.</param>
    private async Task<long> CountAsync(
        SqliteStatementCache.Lease lease, string tenant, long generation, string countSql, IReadOnlyList<SqlParameterValue> parameters, CancellationToken cancellationToken)
    {
        var key = CountCache.KeyOf(countSql, parameters);
        if (counts.TryGet(tenant, key, generation, out var cached))
        {
            return cached;
        }

        Interlocked.Increment(ref countsRun);
        var count = lease.Command(countSql, parameters);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        counts.Set(tenant, key, generation, total);
        return total;
    }

    /// <summary>
    /// An index page deep in a listing, restated as the rows after the nearest bookmark (<see cref="PageBookmarks"/>),
    /// placing the marks still missing up to it with one walk from the last known mark.
    /// </summary>
    /// <param name="generation">What outdates the listing's marks, read before the snapshot began.</param>
    private async Task<ResourceQuery> SeekAsync(
        SqliteStatementCache.Lease lease, ResourceQuery query, long generation, CancellationToken cancellationToken)
    {
        var key = QueryStatements.ListingKey(query);
        var marks = bookmarks.Known(query.Tenant, key, generation);
        var wanted = query.Offset / PageBookmarks.Spacing;
        if (marks.Length < wanted)
        {
            Interlocked.Increment(ref bookmarkWalks);
            var placed = marks.ToBuilder();
            var (sql, parameters) = QueryStatements.Walk(
                query, marks.IsEmpty ? null : marks[^1], (long)(wanted - marks.Length) * PageBookmarks.Spacing, RarestTrigrams(lease));
            var walk = lease.Command(sql, parameters);
            await using var reader = await walk.ExecuteReaderAsync(cancellationToken);
            for (var row = 1; await reader.ReadAsync(cancellationToken); row++)
            {
                if (row % PageBookmarks.Spacing == 0)
                {
                    placed.Add(new KeysetPosition(reader.IsDBNull(0) ? null : reader.GetValue(0), reader.GetString(1)));
                }
            }

            marks = placed.ToImmutable();
            bookmarks.Remember(query.Tenant, key, generation, marks);
        }

        // Past the last match the listing has fewer marks than wanted: the page starts after the last one (and is empty).
        var used = Math.Min(wanted, marks.Length);
        return used == 0 ? query : query with { After = marks[used - 1], Offset = query.Offset - (used * PageBookmarks.Spacing) };
    }

    /// <summary>
    /// <c>EXPLAIN QUERY PLAN</c> of the statements <see cref="QueryAsync"/> runs for <paramref name="query"/>: the count's
    /// plan lines, then the page's. For the tests that pin each query shape to its index.
    /// </summary>
    internal async Task<(IReadOnlyList<string> Count, IReadOnlyList<string> Page)> ExplainQueryAsync(ResourceQuery query, CancellationToken cancellationToken = default)
    {
        var plan = QueryStatements.Build(query);
        await using var connection = await OpenAsync(cancellationToken);
        return (
            plan.Count is { } count ? await ExplainAsync(connection, count, plan.CountParameters, cancellationToken) : [],
            plan.Page is { } page ? await ExplainAsync(connection, page, plan.Parameters, cancellationToken) : []);
    }

    internal static async Task<IReadOnlyList<string>> ExplainAsync(
        SqliteConnection connection, string sql, IReadOnlyList<SqlParameterValue> parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, null, "EXPLAIN QUERY PLAN " + sql, parameters);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    /// <summary>Lets the pooled connections to the file go, which also checkpoints the WAL into the file.</summary>
    public void Dispose()
    {
        writes.Dispose();
        checkpointer.Dispose();
        statements.Dispose();
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(connectionString, cancellationToken);

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(writerConnectionString, cancellationToken);
        try
        {
            // The writer starts the WAL over (SqliteCheckpointer.RestartDue): its first commit after that cuts the
            // file back to the limit, instead of keeping the largest size it ever reached.
            await ExecuteNonQueryAsync(
                connection, null, "PRAGMA journal_size_limit = " + walSizeLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            connection.CreateFunction<string?, string?>(
                SqliteFilterTranslator.FoldFunction,
                static value => value is null ? null : ScimText.Fold(value),
                isDeterministic: true);
            // The native call, not PRAGMA busy_timeout: no statement to prepare on each of the several opens a
            // request makes (token, resource, groups).
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Outdates the tenant's group graph when disposed, after a write of a group has returned (committed or not), before
    /// the store's caller sees the outcome; a write of a user leaves the graph as it is.
    /// </summary>
    private GraphWrite GroupGraphWrite(string tenant, string resourceType) =>
        new(resourceType == ResourceTypes.Group ? groupGraphs : null, tenant);

    private readonly struct GraphWrite(GroupGraphCache? graphs, string tenant) : IDisposable
    {
        public void Dispose() => graphs?.Invalidate(tenant);
    }

    /// <summary>"User" → users, "Group" → groups; any other type is a caller's bug.</summary>
    internal static string TableOf(string resourceType) => resourceType switch
    {
        ResourceTypes.User => "users",
        ResourceTypes.Group => "groups",
        _ => throw new ArgumentException($"The SQLite store keeps no resources of type '{resourceType}'.", nameof(resourceType)),
    };

    /// <summary>A queued write's outcome, its changes kept.</summary>
    private static (T Result, bool Keep) Keep<T>(T result) => (result, true);

    /// <summary>A queued write's outcome, its changes rolled back (its savepoint), the other writes of the batch untouched.</summary>
    private static (T Result, bool Keep) Discard<T>(T result) => (result, false);

    /// <summary>Commits a write of a whole tenant, then outdates what is kept of it (counts, group graph, tokens).</summary>
    private async Task CommitResourceWriteAsync(SqliteTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        counts.Invalidate(tenant);
        groupGraphs.Invalidate(tenant);
        tokens.Invalidate();
    }

    /// <summary>BEGIN IMMEDIATE: take the write lock up front, so a read-then-write never fails half-way as busy.</summary>
    private static Task<SqliteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(connection.BeginTransaction(deferred: false));
    }

    /// <summary>After a write matched no row: was the resource absent, or at another version?</summary>
    private static async Task<StoreOutcome> MissOutcomeAsync(
        SqliteWriter writer, string table, string tenant, string id, CancellationToken cancellationToken)
    {
        var command = writer.Command($"SELECT 1 FROM {table} WHERE tenant = @tenant AND id = @id");
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is null ? StoreOutcome.NotFound : StoreOutcome.PreconditionFailed;
    }

    private ResourceRow RowOf(StoredResource resource) => ResourceRow.Of(resource, schemas.GetResourceType(resource.ResourceType));

    private static void AddResourceParameters(SqliteCommand command, StoredResource resource) =>
        ResourceRow.Bind(command, resource, ScimJson.Serialize(resource.Document));

    /// <summary>Reads the columns of <see cref="ResourceColumns"/>, in order.</summary>
    private static StoredResource ReadResource(SqliteDataReader reader, string resourceType) =>
        ReadResource(reader, reader.GetString(0), resourceType);

    /// <summary>
    /// The same, for a read of one tenant: every row holds <paramref name="tenant"/> (the statement matched it), which
    /// is used as it is rather than read as a new string per row.
    /// </summary>
    private static StoredResource ReadResource(SqliteDataReader reader, string tenant, string resourceType) => new()
    {
        Tenant = tenant,
        ResourceType = resourceType,
        Id = reader.GetString(1),
        Version = reader.GetInt64(2),
        Created = ParseDate(reader.GetString(3)),
        LastModified = ParseDate(reader.GetString(4)),
        UniqueKey = reader.IsDBNull(5) ? null : reader.GetString(5),
        ExternalId = reader.IsDBNull(6) ? null : reader.GetString(6),
        PasswordHash = reader.IsDBNull(7) ? null : reader.GetString(7),

        // The text as SQLite holds it (UTF-8): a read renders from it, and only a write parses it.
        DocumentJson = reader.GetFieldValue<byte[]>(8),
    };

    private static DateTimeOffset ParseDate(string text) =>
        ScimDateTime.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"The stored date '{text}' is not a SCIM dateTime.");

    private static DateTimeOffset? ParseOptionalDate(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseDate(reader.GetString(ordinal));

    private static object ToDbValue(DateTimeOffset? value) => value is { } date ? ScimDateTime.ToText(date) : DBNull.Value;

    /// <summary>Runs an INSERT, appends its audit entry (if any) and commits; a taken key is <see cref="StoreOutcome.Conflict"/>.</summary>
    private static async Task<StoreOutcome> InsertAsync(
        SqliteCommand command, SqliteTransaction transaction, AuditEntry? audit, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (IsUniqueViolation(exception))
        {
            return StoreOutcome.Conflict;
        }

        await AppendWithWriteAsync(command.Connection!, transaction, audit, version: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return StoreOutcome.Ok;
    }

    private static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;

    private static SqliteCommand CreateCommand(
        SqliteConnection connection, SqliteTransaction? transaction, string text, IReadOnlyList<SqlParameterValue> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter.Name, parameter.Value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<object?> ExecuteScalarAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteNonQueryAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The resource types this store keeps (RFC 7643 §4 names, as the resource types declare them).</summary>
    internal static class ResourceTypes
    {
        public const string User = "User";
        public const string Group = "Group";
    }
}
