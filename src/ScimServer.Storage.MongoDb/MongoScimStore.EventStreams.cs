using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb;

/// <summary>Event streams and their delivery state (<see cref="IEventStreamStore"/>; layout in <see cref="EventStreamDocuments"/>).</summary>
public sealed partial class MongoScimStore : IEventStreamStore
{
    private IMongoCollection<BsonDocument> StreamCollection => database.GetCollection<BsonDocument>(StoredNames.EventStreams);

    private IMongoCollection<BsonDocument> AckCollection => database.GetCollection<BsonDocument>(StoredNames.EventAcks);

    /// <remarks>
    /// The cursor is the tenant's newest committed entry. An entry that commits after that read has a greater sequence
    /// (sequences commit in order per tenant: see <see cref="AuditDocuments"/>), so the stream tells it.
    /// </remarks>
    public async Task<EventStream> CreateStreamAsync(EventStream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var newest = await AuditCollection
            .Find(new BsonDocument(StoredNames.Tenant, stream.Tenant))
            .Sort(EventStreamDocuments.NewestFirst)
            .Project(EventStreamDocuments.SequenceOnly)
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        var cursor = newest is null ? 0 : newest[StoredNames.Sequence].ToInt64();
        await StreamCollection.InsertOneAsync(EventStreamDocuments.ToDocument(stream, cursor), cancellationToken: cancellationToken);
        return stream with { Cursor = cursor };
    }

    public async Task<EventStream?> GetStreamAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await StreamCollection.Find(EventStreamDocuments.Of(tenant, id)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : EventStreamDocuments.ToStream(document);
    }

    public async Task<IReadOnlyList<EventStream>> ListStreamsAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        var documents = await StreamCollection
            .Find(EventStreamDocuments.Listed(tenant))
            .Sort(EventStreamDocuments.OldestFirst)
            .ToListAsync(cancellationToken);
        return [.. documents.Select(EventStreamDocuments.ToStream)];
    }

    public async Task<StoreOutcome> SetPausedAsync(string tenant, string id, bool paused, CancellationToken cancellationToken = default) =>
        Matched(await StreamCollection.UpdateOneAsync(EventStreamDocuments.Of(tenant, id), EventStreamDocuments.SetPaused(paused), cancellationToken: cancellationToken));

    /// <remarks>The stream and its acknowledgements in one transaction: none outlives its stream.</remarks>
    public Task<StoreOutcome> DeleteStreamAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (session, ct) =>
            {
                var deleted = await StreamCollection.DeleteOneAsync(session, EventStreamDocuments.Of(tenant, id), cancellationToken: ct);
                if (deleted.DeletedCount == 0)
                {
                    throw new Rollback(StoreOutcome.NotFound);
                }

                await AckCollection.DeleteManyAsync(session, EventStreamDocuments.AcksOf(id), cancellationToken: ct);
                return StoreOutcome.Ok;
            },
            (outcome, _) => outcome,
            cancellationToken);

    /// <remarks>
    /// The acknowledgements at or below the new cursor go after the move: a stop in between leaves only
    /// acknowledgements the feed never reads again (it reads after the cursor), and the next move drops them.
    /// </remarks>
    public async Task AdvanceCursorAsync(string id, long sequence, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await StreamCollection.UpdateOneAsync(EventStreamDocuments.ById(id), EventStreamDocuments.Advance(sequence, at), cancellationToken: cancellationToken);
        await AckCollection.DeleteManyAsync(EventStreamDocuments.AcksUpTo(id, sequence), cancellationToken);
    }

    public Task RecordFailureAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken = default) =>
        StreamCollection.UpdateOneAsync(
            EventStreamDocuments.ById(id),
            new PipelineUpdateDefinition<BsonDocument>(EventStreamDocuments.Failure(at, error)),
            cancellationToken: cancellationToken);

    /// <remarks>
    /// Only acknowledgements above the cursor are kept (one at or below it is counted already). Upserts keyed on
    /// <c>ux_stream_sequence</c>: a sequence acknowledged twice, or by two polls at once, is kept once.
    /// </remarks>
    public async Task AddAcknowledgementsAsync(string id, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        var stream = await StreamCollection.Find(EventStreamDocuments.ById(id)).FirstOrDefaultAsync(cancellationToken);
        if (stream is null)
        {
            return;
        }

        var cursor = stream[StoredNames.Cursor].ToInt64();
        var tenant = stream[StoredNames.Tenant].AsString;
        var upserts = sequences
            .Where(s => s > cursor)
            .Distinct()
            .Select(s => new UpdateOneModel<BsonDocument>(EventStreamDocuments.Ack(id, s), EventStreamDocuments.AckInsert(tenant)) { IsUpsert = true })
            .ToList();
        if (upserts.Count > 0)
        {
            await AckCollection.BulkWriteAsync(upserts, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
    }

    public async Task<IReadOnlySet<long>> GetAcknowledgementsAsync(string id, CancellationToken cancellationToken = default)
    {
        var documents = await AckCollection.Find(EventStreamDocuments.AcksOf(id)).Project(EventStreamDocuments.SequenceOnly).ToListAsync(cancellationToken);
        return documents.Select(d => d[StoredNames.Sequence].ToInt64()).ToHashSet();
    }

    /// <remarks>
    /// One conditional update: of several instances asking at once, the first to update takes the lease and the others
    /// match nothing, so each stream is pushed from one instance in the normal case.
    /// </remarks>
    public async Task<bool> TryLeaseAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var leased = await StreamCollection.FindOneAndUpdateAsync(
            EventStreamDocuments.LeaseFree(id, owner, now),
            EventStreamDocuments.Lease(owner, until),
            new FindOneAndUpdateOptions<BsonDocument> { Projection = new BsonDocument(StoredNames.MongoId, 1) },
            cancellationToken);
        return leased is not null;
    }
}
