using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Events;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// Event streams (<see cref="IEventStreamStore"/>), one document per stream in <c>eventStreams</c>:
/// <code>
/// { _id: id, tenant, created, delivery, format, events: [...], endpoint?, authorization?, paused: bool,
///   cursor: long, lastDelivered?, failures: int, failingSince?, lastError?, leaseOwner?, leaseUntil? }
/// </code>
/// and one document per poll acknowledgement above the cursor in <c>eventAcks</c>: <c>{ tenant, stream, sequence }</c>.
/// </summary>
/// <remarks>
/// Instants are <see cref="ScimDateTime"/> text, as elsewhere in this store: fixed width in UTC, so text order is time
/// order and the lease's expiry compares as text. A stream's id is unique across tenants (the delivery calls name it
/// alone), so it is the <c>_id</c>; the admin API's calls also filter on the tenant, so one tenant never reaches
/// another's stream.
/// </remarks>
internal static class EventStreamDocuments
{
    public static BsonDocument ToDocument(EventStream stream, long cursor)
    {
        var document = new BsonDocument
        {
            { MongoId, stream.Id },
            { Tenant, stream.Tenant },
            { Created, ScimDateTime.ToText(stream.Created) },
            { Delivery, stream.Delivery.ToString() },
            { Format, stream.Format.ToString() },
            { Events, new BsonArray(stream.Events) },
        };
        if (stream.Endpoint is { } endpoint)
        {
            document.Add(Endpoint, endpoint);
        }

        if (stream.Authorization is { } authorization)
        {
            document.Add(Authorization, authorization);
        }

        document.Add(Paused, stream.Paused);
        document.Add(Cursor, new BsonInt64(cursor));
        document.Add(Failures, 0);
        return document;
    }

    public static EventStream ToStream(BsonDocument document) => new()
    {
        Id = document[MongoId].AsString,
        Tenant = document[Tenant].AsString,
        Created = ResourceDocuments.ParseDate(document[Created].AsString),
        Delivery = Enum.Parse<EventDelivery>(document[Delivery].AsString),
        Format = Enum.Parse<EventFormat>(document[Format].AsString),
        Events = document.TryGetValue(Events, out var events) ? [.. events.AsBsonArray.Select(e => e.AsString)] : [],
        Endpoint = ResourceDocuments.OptionalString(document, Endpoint),
        Authorization = ResourceDocuments.OptionalString(document, Authorization),
        Paused = document[Paused].AsBoolean,
        Cursor = document[Cursor].ToInt64(),
        LastDelivered = OptionalDate(document, LastDelivered),
        Failures = document.TryGetValue(Failures, out var failures) ? failures.ToInt32() : 0,
        FailingSince = OptionalDate(document, FailingSince),
        LastError = ResourceDocuments.OptionalString(document, LastError),
    };

    /// <summary>A tenant's stream: the admin API never reaches another tenant's.</summary>
    public static BsonDocument Of(string tenant, string id) => new() { { MongoId, id }, { Tenant, tenant } };

    /// <summary>A stream by its id alone (delivery, which read the stream first).</summary>
    public static BsonDocument ById(string id) => new(MongoId, id);

    /// <summary>A tenant's streams, or every stream (the push service's round).</summary>
    public static BsonDocument Listed(string? tenant) => tenant is null ? new BsonDocument() : new BsonDocument(Tenant, tenant);

    /// <summary>Oldest first, as <c>ix_tenant_created</c> keeps a tenant's.</summary>
    public static BsonDocument OldestFirst => new() { { Created, 1 }, { MongoId, 1 } };

    public static BsonDocument SetPaused(bool paused) => new("$set", new BsonDocument(Paused, paused));

    /// <summary>The cursor moves forward only (<c>$max</c>: two deliveries racing never move it back); a success ends a run of failures.</summary>
    public static BsonDocument Advance(long sequence, DateTimeOffset at) => new()
    {
        { "$max", new BsonDocument(Cursor, new BsonInt64(sequence)) },
        { "$set", new BsonDocument { { LastDelivered, ScimDateTime.ToText(at) }, { Failures, 0 } } },
        { "$unset", new BsonDocument { { FailingSince, "" }, { LastError, "" } } },
    };

    /// <summary>
    /// One more failure; <c>failingSince</c> keeps the start of the run. A pipeline (the start is kept only when there is
    /// one), so the error text and the instant are <c>$literal</c>: a receiver's answer starting with <c>$</c> would else
    /// be read as a field path.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Failure(DateTimeOffset at, string error) => new BsonDocument[]
    {
        new("$set", new BsonDocument
        {
            { Failures, new BsonDocument("$add", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$" + Failures, 0 }), 1 }) },
            { FailingSince, new BsonDocument("$ifNull", new BsonArray { "$" + FailingSince, new BsonDocument("$literal", ScimDateTime.ToText(at)) }) },
            { LastError, new BsonDocument("$literal", error) },
        }),
    };

    /// <summary>
    /// The lease is free for <paramref name="owner"/> when nobody holds it, it holds it already (a renewal), or the
    /// holder's lease ran out (<c>leaseUntil</c> before now: an instance that stopped without giving it back).
    /// </summary>
    public static BsonDocument LeaseFree(string id, string owner, DateTimeOffset now) => new()
    {
        { MongoId, id },
        {
            "$or", new BsonArray
            {
                new BsonDocument(LeaseOwner, BsonNull.Value),
                new BsonDocument(LeaseOwner, owner),
                new BsonDocument(LeaseUntil, new BsonDocument("$lt", ScimDateTime.ToText(now))),
            }
        },
    };

    public static BsonDocument Lease(string owner, DateTimeOffset until) =>
        new("$set", new BsonDocument { { LeaseOwner, owner }, { LeaseUntil, ScimDateTime.ToText(until) } });

    /// <summary>The tenant's newest audit entry, whose sequence a new stream starts from.</summary>
    public static BsonDocument NewestFirst => new(Sequence, -1);

    /// <summary>An acknowledgement, upserted: acknowledging a sequence again adds nothing.</summary>
    public static BsonDocument Ack(string id, long sequence) => new() { { StreamId, id }, { Sequence, new BsonInt64(sequence) } };

    public static BsonDocument AckInsert(string tenant) => new("$setOnInsert", new BsonDocument(Tenant, tenant));

    public static BsonDocument AcksOf(string id) => new(StreamId, id);

    /// <summary>The acknowledgements a cursor move to <paramref name="sequence"/> makes needless (at or below it).</summary>
    public static BsonDocument AcksUpTo(string id, long sequence) =>
        new() { { StreamId, id }, { Sequence, new BsonDocument("$lte", new BsonInt64(sequence)) } };

    public static BsonDocument SequenceOnly => new() { { MongoId, 0 }, { Sequence, 1 } };

    private static DateTimeOffset? OptionalDate(BsonDocument document, string name) =>
        ResourceDocuments.OptionalString(document, name) is { } text ? ResourceDocuments.ParseDate(text) : null;
}
