using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// The production store on MongoDB (layout in <see cref="ResourceDocuments"/>, <see cref="EdgeDocuments"/>,
/// <see cref="TenantDocuments"/>; indexes in <see cref="MongoIndexes"/>). Thread-safe, one instance per process: the
/// driver's client pools its connections.
/// </summary>
/// <remarks>
/// Needs a replica set (a single node is enough): a write that touches a resource and its membership edges, or that
/// carries an audit entry (appended with the write or not at all, see <see cref="AuditDocuments"/>), runs in a
/// multi-document transaction, and a query reads its count and its page from one snapshot. Versioned writes filter
/// on the id AND the expected <c>meta.version</c>; when nothing matches, a re-read tells NotFound from
/// PreconditionFailed. A duplicate key becomes <see cref="StoreOutcome.Conflict"/>, never a driver exception.
/// </remarks>
public sealed partial class MongoScimStore : IResourceStore, ITenantStore, IStoreInitializer, IDisposable
{
    private readonly IMongoClient client;
    private readonly IMongoDatabase database;
    private readonly AuditSequences sequences = new();
    private readonly SchemaRegistry schemas;
    private readonly TimeSpan operationTimeout;

    public MongoScimStore(MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException(
                "The MongoDB store needs a connection string (ConnectionStrings:MongoDb), e.g. mongodb://localhost:27017/?replicaSet=rs0.",
                nameof(options));
        }

        client = new MongoClient(options.ClientSettings());
        database = client.GetDatabase(options.DatabaseName());
        schemas = options.Schemas ?? SchemaRegistry.LoadEmbedded();
        operationTimeout = options.OperationTimeout;
    }

    /// <summary>A store over a given client (tests record what the store sends through it).</summary>
    internal MongoScimStore(IMongoClient client, string databaseName, SchemaRegistry schemas, TimeSpan operationTimeout)
    {
        this.client = client;
        database = client.GetDatabase(databaseName);
        this.schemas = schemas;
        this.operationTimeout = operationTimeout;
    }

    /// <summary>The database name in use.</summary>
    public string DatabaseName => database.DatabaseNamespace.DatabaseName;

    /// <summary>Creates the collections and the named indexes (see <see cref="MongoIndexes"/>); idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var hello = await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        if (MongoDeployment.TransactionSupportError(hello) is { } error)
        {
            throw new InvalidOperationException(error);
        }

        foreach (var (name, indexes) in MongoIndexes.All)
        {
            await database.GetCollection<BsonDocument>(name).Indexes.CreateManyAsync(indexes, cancellationToken);
        }

        foreach (var resourceType in new[] { ResourceTypes.User, ResourceTypes.Group })
        {
            var keys = MongoIndexes.SearchKeyIndexes(schemas.GetResourceType(resourceType));
            if (keys.Count > 0)
            {
                await Resources(resourceType).Indexes.CreateManyAsync(keys, cancellationToken);
            }

            await BackfillDerivedFieldsAsync(resourceType, cancellationToken);
        }

        var existing = await (await database.ListCollectionNamesAsync(cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        foreach (var name in MongoIndexes.WithoutIndexes.Except(existing))
        {
            try
            {
                await database.CreateCollectionAsync(name, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException exception) when (exception.Code == NamespaceExistsCode)
            {
                // Another instance created it first.
            }
        }

        // A tenant deletion a stopped process left unfinished; in the background, so that start-up does not wait for
        // a large tenant. A failure is left to the next start (or the next deletion's own purge).
        _ = Task.Run(() => PurgeDeletedTenantsAsync(CancellationToken.None), CancellationToken.None)
            .ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public async Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default)
    {
        var document = await Resources(resourceType).Find(ResourceDocuments.ById(tenant, id), new FindOptions { MaxTime = operationTimeout })
            .FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : ResourceDocuments.FromDocument(document, resourceType);
    }

    public async Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        CheckAudit(audit, resource.Tenant);
        var collection = Resources(resource.ResourceType);
        var document = ResourceDocuments.ToDocument(resource, SearchKeysOf(resource), FoldedOf(resource));
        members ??= [];
        if (members.Count == 0 && audit is null)
        {
            try
            {
                await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
                return StoreOutcome.Ok;
            }
            catch (Exception exception) when (IsDuplicateKey(exception))
            {
                return StoreOutcome.Conflict;
            }
        }

        if (members.Count > 0 && resource.ResourceType != ResourceTypes.Group)
        {
            throw new ArgumentException($"Only a group has members, not a {resource.ResourceType}.", nameof(members));
        }

        // Members or an audit entry: the resource, its edges and the entry commit together.
        return await InTransactionAsync(
            async (session, ct) =>
            {
                var resolved = await ResolveMembersAsync(session, resource.Tenant, resource.Id, members, ct);
                if (resolved.Missing.Count > 0)
                {
                    throw new Rollback(StoreOutcome.MemberNotFound);
                }

                await collection.InsertOneAsync(session, document, cancellationToken: ct);
                await UpsertEdgesAsync(session, resource.Tenant, resource.Id, resolved.Edges, ct);
                if (audit is not null)
                {
                    await AppendAuditAsync(session, audit, resource.Version, ct);
                }

                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
    }

    /// <remarks>
    /// The new <see cref="StoredResource.Version"/> must be <paramref name="expectedVersion"/> + 1 (versions grow by
    /// one with every change). <see cref="StoredResource.Created"/> is kept as stored.
    /// </remarks>
    public async Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Version != expectedVersion + 1)
        {
            throw new ArgumentException(
                $"A replaced resource's version must be {expectedVersion + 1} (expected version + 1), not {resource.Version}.",
                nameof(resource));
        }

        CheckAudit(audit, resource.Tenant);
        var collection = Resources(resource.ResourceType);
        var filter = ResourceDocuments.ByIdAtVersion(resource.Tenant, resource.Id, expectedVersion);
        var update = ResourceDocuments.ReplaceUpdate(resource, SearchKeysOf(resource), FoldedOf(resource));
        if (audit is null)
        {
            // One document, atomic on its own: no transaction needed.
            UpdateResult result;
            try
            {
                result = await collection.UpdateOneAsync(filter, update, cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (IsDuplicateKey(exception))
            {
                return StoreOutcome.Conflict;
            }

            return result.MatchedCount == 0
                ? await MissOutcomeAsync(null, collection, resource.Tenant, resource.Id, cancellationToken)
                : StoreOutcome.Ok;
        }

        return await InTransactionAsync(
            async (session, ct) =>
            {
                var result = await collection.UpdateOneAsync(session, filter, update, cancellationToken: ct);
                if (result.MatchedCount == 0)
                {
                    throw new Rollback(await MissOutcomeAsync(session, collection, resource.Tenant, resource.Id, ct));
                }

                await AppendAuditAsync(session, audit, resource.Version, ct);
                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
    }

    public Task<StoreOutcome> DeleteAsync(
        string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        CheckAudit(audit, tenant);
        var collection = Resources(resourceType);
        var filter = expectedVersion is { } expected ? ResourceDocuments.ByIdAtVersion(tenant, id, expected) : ResourceDocuments.ById(tenant, id);

        // The resource's membership edges go with it, in the same transaction.
        return InTransactionAsync(
            async (session, ct) =>
            {
                var deleted = await collection.DeleteOneAsync(session, filter, cancellationToken: ct);
                if (deleted.DeletedCount == 0)
                {
                    throw new Rollback(await MissOutcomeAsync(session, collection, tenant, id, ct));
                }

                await Edges.DeleteManyAsync(session, EdgeDocuments.OfDeleted(tenant, resourceType, id), cancellationToken: ct);
                if (audit is not null)
                {
                    // A deleted resource has no version.
                    await AppendAuditAsync(session, audit, version: null, ct);
                }

                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);
    }

    public async Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        var collection = Resources(query.ResourceType);

        // One snapshot (every read of a snapshot session reads at the cluster time of its first): the nested groups a
        // membership filter follows, the count, the page, and the page's members or groups with their display names
        // see the same data, even while another instance writes.
        using var session = await client.StartSessionAsync(new ClientSessionOptions { Snapshot = true }, cancellationToken);
        var lookups = await MembershipLookupsAsync(session, query, cancellationToken);
        var translator = new MongoFilterTranslator(query.ResourceType, lookups.ToDictionary(l => l.Node, l => l.Field));
        var (match, membership) = Match(query, translator, lookups);

        if (query.Limit == 0)
        {
            return new QueryPage([], query.CountTotal ? await CountAsync(session, collection, match, membership, cancellationToken) : null, null);
        }

        var key = translator.SortKeyOf(query.Sort);
        var pipeline = Pipeline(query, match, key, membership);
        var documents = await (await collection.AggregateAsync(session, pipeline, AggregateOptions(), cancellationToken))
            .ToListAsync(cancellationToken);

        // One document more than asked tells whether there is a next page.
        var more = documents.Count > query.Limit;

        // A first page that holds every match is its own total (an IdP's lookup by userName or email, most lists of a
        // small tenant): only a fuller listing is counted, by the same filter, on the same indexes.
        long? total = !query.CountTotal ? null
            : IsWholeListing(query, more) ? documents.Count
            : await CountAsync(session, collection, match, membership, cancellationToken);
        var page = documents.Take(query.Limit).Select(d => ResourceDocuments.FromDocument(d, query.ResourceType)).ToList();
        var next = more
            ? new KeysetPosition(JsonBson.ToClr(ValueAt(documents[query.Limit - 1], key.Field)), page[^1].Id)
            : null;
        if (!query.WithMembership || page.Count == 0)
        {
            return new QueryPage(page, total, next);
        }

        var ids = page.Select(r => r.Id).ToList();
        return query.ResourceType == ResourceTypes.Group
            ? new QueryPage(page, total, next) { Members = await ListMembersAsync(session, query.Tenant, ids, cancellationToken) }
            : new QueryPage(page, total, next) { Groups = await ListGroupsOfAsync(session, query.Tenant, ids, cancellationToken) };
    }

    /// <summary>
    /// The query's filter as an ordinary match (the conditions without membership, on the collection's indexes) and,
    /// when it names membership, the lookups and match that decide the rest (<see cref="MembershipFilter"/>).
    /// </summary>
    internal static (BsonDocument Match, MembershipFilter? Membership) Match(
        ResourceQuery query, MongoFilterTranslator translator, IReadOnlyList<MembershipLookup> lookups)
    {
        if (lookups.Count == 0)
        {
            return (translator.Query(query.Tenant, query.Filter), null);
        }

        var (plain, membership) = MembershipFilter.Split(query.Filter);
        return (translator.Query(query.Tenant, plain), new MembershipFilter(lookups, translator.Translate(membership!)));
    }

    /// <summary>How many resources match: a count of the indexed match, or with membership the same stages as the page.</summary>
    private async Task<long> CountAsync(
        IClientSessionHandle session, IMongoCollection<BsonDocument> collection, BsonDocument match, MembershipFilter? membership, CancellationToken cancellationToken)
    {
        if (membership is null)
        {
            return await collection.CountDocumentsAsync(session, match, CountOptions(), cancellationToken);
        }

        var counted = await (await collection.AggregateAsync(session, CountPipeline(match, membership), AggregateOptions(), cancellationToken))
            .FirstOrDefaultAsync(cancellationToken);
        return counted is null ? 0 : counted[CountField].ToInt64();
    }

    /// <summary>The count of a membership filter: the page's match and lookups, then <c>$count</c>.</summary>
    internal static PipelineDefinition<BsonDocument, BsonDocument> CountPipeline(BsonDocument match, MembershipFilter membership) =>
        PipelineDefinition<BsonDocument, BsonDocument>.Create(
            [new BsonDocument("$match", match), .. membership.Stages(keepFields: true), new BsonDocument("$count", CountField)]);

    private const string CountField = "n";

    public void Dispose() => client.Dispose();

    /// <summary>The options of every read a list or search runs: at most <see cref="MongoStoreOptions.OperationTimeout"/> in the server.</summary>
    internal AggregateOptions AggregateOptions() => new() { MaxTime = operationTimeout };

    internal CountOptions CountOptions() => new() { MaxTime = operationTimeout };

    /// <summary>Whether a page is the whole listing: the first page (no offset, no position) with no next page.</summary>
    internal static bool IsWholeListing(ResourceQuery query, bool more) => query.Offset == 0 && query.After is null && !more;

    /// <summary>
    /// The stages of a page: match, the computed sort key if any, the keyset condition, sort (key, then id), the
    /// membership lookups and their match if any, skip (index paging only) and limit + 1. Everything runs in the server.
    /// </summary>
    internal static PipelineDefinition<BsonDocument, BsonDocument> Pipeline(
        ResourceQuery query, BsonDocument match, SortKey key, MembershipFilter? membership = null)
    {
        var descending = query.Sort?.Descending ?? false;
        var stages = new List<BsonDocument> { new("$match", match) };
        if (key.Expression is { } expression)
        {
            stages.Add(new BsonDocument("$addFields", new BsonDocument(key.Field, expression)));
        }

        if (query.After is { } after)
        {
            stages.Add(new BsonDocument("$match", MongoFilterTranslator.After(key, descending, after)));
        }

        stages.Add(new BsonDocument("$sort", MongoFilterTranslator.SortDocument(key, descending)));

        // After the sort, so that on an index-backed order the lookups run for the resources the page passes over only.
        if (membership is not null)
        {
            stages.AddRange(membership.Stages());
        }

        if (query.Offset > 0)
        {
            stages.Add(new BsonDocument("$skip", query.Offset));
        }

        stages.Add(new BsonDocument("$limit", (long)query.Limit + 1));
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    /// <summary>The value at a dotted path of a document; null when a step is missing.</summary>
    internal static BsonValue ValueAt(BsonDocument document, string path)
    {
        BsonValue current = document;
        foreach (var segment in path.Split('.'))
        {
            if (current is not BsonDocument step || !step.TryGetValue(segment, out current))
            {
                return BsonNull.Value;
            }
        }

        return current;
    }

    /// <summary>
    /// Gives the resources stored before search keys (issue 13 item 3) or the folded copy (item 4) existed both fields,
    /// in unordered batches of <see cref="BackfillBatchSize"/> (<see cref="BackfillWrites"/>). Idempotent: a second
    /// instance starting at the same time computes the same fields, and each write is filtered on the version it was
    /// computed from, so a replace in between wins. Nothing to do on a database written by this version.
    /// </summary>
    private async Task BackfillDerivedFieldsAsync(string resourceType, CancellationToken cancellationToken)
    {
        var collection = Resources(resourceType);
        var batch = new List<BsonDocument>(BackfillBatchSize);
        using var cursor = await collection.FindAsync(
            ResourceDocuments.WithoutDerivedFields, new FindOptions<BsonDocument> { BatchSize = BackfillBatchSize }, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                batch.Add(document);
                if (batch.Count == BackfillBatchSize)
                {
                    await collection.BulkWriteAsync(BackfillWrites(batch, resourceType), new BulkWriteOptions { IsOrdered = false }, cancellationToken);
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            await collection.BulkWriteAsync(BackfillWrites(batch, resourceType), new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
    }

    /// <summary>How many resources one backfill write carries (one round trip, well under the 100,000 writes of a batch).</summary>
    internal const int BackfillBatchSize = 1000;

    /// <summary>The backfill's writes for resources read without their derived fields: one update each, at its version.</summary>
    internal List<WriteModel<BsonDocument>> BackfillWrites(IEnumerable<BsonDocument> documents, string resourceType) =>
    [
        .. documents.Select(document =>
        {
            var resource = ResourceDocuments.FromDocument(document, resourceType);
            return new UpdateOneModel<BsonDocument>(
                ResourceDocuments.ByMongoIdAtVersion(document[MongoId], resource.Version),
                ResourceDocuments.SetDerivedFields(SearchKeysOf(resource), FoldedOf(resource)));
        }),
    ];

    /// <summary>The resource's search keys, by the one Core rule (<see cref="SearchKeys"/>).</summary>
    private IReadOnlyList<SearchKey> SearchKeysOf(StoredResource resource) =>
        SearchKeys.Of(schemas.GetResourceType(resource.ResourceType), resource.Document);

    /// <summary>The resource's folded copy, by the one Core rule (<see cref="FoldedCopy"/>).</summary>
    private Newtonsoft.Json.Linq.JObject FoldedOf(StoredResource resource) =>
        FoldedCopy.Of(schemas.GetResourceType(resource.ResourceType), resource.Document);

    private IMongoCollection<BsonDocument> Resources(string resourceType) =>
        database.GetCollection<BsonDocument>(ResourceDocuments.CollectionOf(resourceType));

    private IMongoCollection<BsonDocument> Edges => database.GetCollection<BsonDocument>(StoredNames.Members);

    /// <summary>After a write matched nothing: was the resource absent, or at another version?</summary>
    private static async Task<StoreOutcome> MissOutcomeAsync(
        IClientSessionHandle? session, IMongoCollection<BsonDocument> collection, string tenant, string id, CancellationToken cancellationToken)
    {
        var filter = ResourceDocuments.ById(tenant, id);
        var count = session is null
            ? await collection.CountDocumentsAsync(filter, new CountOptions { Limit = 1 }, cancellationToken)
            : await collection.CountDocumentsAsync(session, filter, new CountOptions { Limit = 1 }, cancellationToken);
        return count == 0 ? StoreOutcome.NotFound : StoreOutcome.PreconditionFailed;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction (retried by the driver on transient errors, e.g. a write
    /// conflict with a concurrent transaction). A <see cref="Rollback"/> aborts it and becomes its outcome; a
    /// duplicate key aborts it and becomes <see cref="StoreOutcome.Conflict"/>.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(
        Func<IClientSessionHandle, CancellationToken, Task<T>> work, Func<StoreOutcome, IReadOnlyList<string>, T> failed, CancellationToken cancellationToken)
    {
        for (var run = 1; ; run++)
        {
            using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
            try
            {
                return await session.WithTransactionAsync(
                    work,
                    new TransactionOptions(ReadConcern.Snapshot, writeConcern: WriteConcern.WMajority),
                    cancellationToken);
            }
            catch (Rollback rollback)
            {
                return failed(rollback.Outcome, rollback.MissingMembers);
            }
            catch (Exception exception) when (IsSequenceCollision(exception) && run < MaxSequenceCollisions)
            {
                // Two first writes of a tenant created its audit counter at once, or (before the counter) two instances
                // took the same audit sequence: run again, with the counter there and a new sequence.
            }
            catch (Exception exception) when (IsDuplicateKey(exception))
            {
                return failed(StoreOutcome.Conflict, []);
            }
        }
    }

    /// <summary>
    /// A duplicate key on the audit log's <c>ux_tenant_sequence</c>, or on the <c>_id</c> of a tenant's audit counter
    /// that two first writes upserted at once (see <see cref="AuditDocuments"/>): not a conflict of the client's data, so
    /// never answered as one. The server names the collection and the index in its message.
    /// </summary>
    internal static bool IsSequenceCollision(Exception exception) =>
        IsDuplicateKey(exception) && exception switch
        {
            MongoWriteException write => NamesSequenceIndex(write.WriteError?.Message),
            MongoBulkWriteException bulk => bulk.WriteErrors.Any(e => e.Category == ServerErrorCategory.DuplicateKey && NamesSequenceIndex(e.Message)),
            MongoCommandException command => NamesSequenceIndex(command.ErrorMessage),
            _ => false,
        };

    private static bool NamesSequenceIndex(string? message) =>
        message is not null
        && (message.Contains(" index: " + MongoIndexes.AuditSequenceIndex + " ", StringComparison.Ordinal)
            || message.Contains("." + StoredNames.AuditCounters + " index: _id_ ", StringComparison.Ordinal));

    internal static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };

    /// <summary>MongoDB's E11000 duplicate key error, as a command (inside a transaction) reports it.</summary>
    private const int DuplicateKeyCode = 11000;

    /// <summary>How often a transaction runs again after an audit sequence collision (rare: a tenant's first writes only).</summary>
    private const int MaxSequenceCollisions = 5;

    /// <summary>MongoDB's NamespaceExists: the collection to create exists.</summary>
    private const int NamespaceExistsCode = 48;

    /// <summary>Ends a transaction with an expected outcome: the driver aborts it, nothing is written.</summary>
    private sealed class Rollback(StoreOutcome outcome, IReadOnlyList<string>? missingMembers = null)
        : Exception($"The store write ended as {outcome}.")
    {
        public StoreOutcome Outcome { get; } = outcome;

        public IReadOnlyList<string> MissingMembers { get; } = missingMembers ?? [];
    }
}
