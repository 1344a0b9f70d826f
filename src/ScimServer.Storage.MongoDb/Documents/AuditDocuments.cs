using MongoDB.Bson;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The audit log, one document per entry:
/// <code>
/// { _id: ObjectId, tenant, sequence: long, at, actor, operation, resourceType, resourceId,
///   version?: long, requestId?, summary? }
/// </code>
/// and its sequences in <c>counters</c>, one document per tenant: <c>{ _id: "audit:{tenant}", sequence: long }</c>.
/// </summary>
/// <remarks>
/// The sequence is per tenant, taken with <c>findOneAndUpdate $inc</c> on the tenant's counter inside the transaction
/// that writes the entry. The counter document is then written by every audited transaction of the tenant, so two of
/// them cannot commit concurrently: the second meets a write conflict and the driver retries it once the first has
/// committed. That is the point: sequences are committed in order, so a reader paging with
/// <see cref="AuditQuery.AfterSequence"/> never passes a sequence whose entry commits later (a sequence from an ObjectId or
/// a clock could). The cost is that a tenant's audited writes are serialised on that one document; writes of different
/// tenants do not meet. The first entry of a tenant creates its counter by an upsert; two transactions racing to create
/// it meet the same write conflict (the loser retries and finds it), never a duplicate key, because a counter committed
/// before a transaction's snapshot is matched, not inserted. A tenant's counter outlives the tenant, as its log does: a
/// tenant created again under the same id continues the sequence, never repeats it. An aborted transaction gives its
/// number back, so the sequence has no gaps in practice, but readers must not rely on that.
/// </remarks>
internal static class AuditDocuments
{
    public static BsonDocument ToDocument(AuditEntry entry, long sequence, long? version)
    {
        var document = new BsonDocument
        {
            { Tenant, entry.Tenant },
            { Sequence, new BsonInt64(sequence) },
            { At, ScimDateTime.ToText(entry.At) },
            { Actor, entry.Actor },
            { Operation, entry.Operation },
            { ResourceType, entry.ResourceType },
            { ResourceId, entry.ResourceId },
        };
        if (version is { } number)
        {
            document.Add(VersionElement, new BsonInt64(number));
        }

        if (entry.RequestId is not null)
        {
            document.Add(RequestId, entry.RequestId);
        }

        if (entry.Summary is not null)
        {
            document.Add(Summary, entry.Summary);
        }

        return document;
    }

    public static AuditEntry ToEntry(BsonDocument document) => new()
    {
        Tenant = document[Tenant].AsString,
        Sequence = document[Sequence].ToInt64(),
        At = ResourceDocuments.ParseDate(document[At].AsString),
        Actor = document[Actor].AsString,
        Operation = document[Operation].AsString,
        ResourceType = document[ResourceType].AsString,
        ResourceId = document[ResourceId].AsString,
        Version = document.TryGetValue(VersionElement, out var version) && !version.IsBsonNull ? version.ToInt64() : null,
        RequestId = ResourceDocuments.OptionalString(document, RequestId),
        Summary = ResourceDocuments.OptionalString(document, Summary),
    };

    /// <summary>
    /// One page's filter: the tenant, after the keyset, optionally one resource and a time window (<c>at</c> is
    /// <see cref="ScimDateTime"/> text, whose order is time order).
    /// </summary>
    public static BsonDocument Filter(AuditQuery query)
    {
        var filter = new BsonDocument
        {
            { Tenant, query.Tenant },
        };
        if (query.ResourceId is not null)
        {
            filter.Add(ResourceId, query.ResourceId);
        }

        filter.Add(Sequence, new BsonDocument("$gt", new BsonInt64(query.AfterSequence)));
        var window = new BsonDocument();
        if (query.From is { } from)
        {
            window.Add("$gte", ScimDateTime.ToText(from));
        }

        if (query.To is { } to)
        {
            window.Add("$lt", ScimDateTime.ToText(to));
        }

        if (window.ElementCount > 0)
        {
            filter.Add(At, window);
        }

        return filter;
    }

    /// <summary>Oldest first: the sequence, as the indexes <c>ux_tenant_sequence</c> and <c>ix_tenant_resourceId_sequence</c> keep it.</summary>
    public static BsonDocument BySequence => new(Sequence, 1);

    /// <summary>The tenant's counter document.</summary>
    public static BsonDocument CounterOf(string tenant) => new(MongoId, "audit:" + tenant);

    /// <summary>Takes the next number (the upsert starts the sequence at 1).</summary>
    public static BsonDocument NextSequence => TakeSequences(1);

    /// <summary>
    /// Takes a block of <paramref name="count"/> numbers in one update (a batch's entries): the counter after it is
    /// the block's last number.
    /// </summary>
    public static BsonDocument TakeSequences(long count) => new("$inc", new BsonDocument(Sequence, new BsonInt64(count)));

    /// <summary>
    /// The documents of one tenant's block of entries, in order, numbered up to <paramref name="lastSequence"/> (the
    /// counter after <see cref="TakeSequences"/>), each with the version its write produced.
    /// </summary>
    public static IEnumerable<BsonDocument> ToDocuments(IReadOnlyList<(AuditEntry Entry, long Version)> entries, long lastSequence)
    {
        var first = lastSequence - entries.Count + 1;
        return entries.Select((e, i) => ToDocument(e.Entry, first + i, e.Version));
    }
}
