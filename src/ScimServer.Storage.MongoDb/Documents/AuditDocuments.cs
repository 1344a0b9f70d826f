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
/// </summary>
/// <remarks>
/// The sequence is time-ordered (<see cref="AuditSequences"/>), taken by the writing instance with no shared document:
/// two audited writes of one tenant touch no common document unless they change the same resource, so they commit in
/// parallel instead of meeting in a write conflict on a per-tenant counter (the first design). It is unique per tenant
/// (<c>ux_tenant_sequence</c>), so the keyset <see cref="AuditQuery.AfterSequence"/> is a stable cursor: a page starts
/// exactly after the last entry read, whatever was appended since. What a counter gave and this cannot: sequences are
/// no longer committed in their order. An entry gets its sequence when its transaction runs, and becomes visible
/// when it commits, at most MongoDB's transaction lifetime later (60 s by default) plus the clock difference between
/// instances; a reader following the tail of a busy log should therefore re-read from a cursor at least that old (see
/// README), or it may pass an entry that is still committing. Sequences have gaps; readers never relied on their
/// absence.
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

    /// <summary>
    /// The documents of a batch's entries, in order, numbered from <paramref name="firstSequence"/> (a block
    /// of <see cref="AuditSequences.Take"/>), each with the version its write produced.
    /// </summary>
    public static IEnumerable<BsonDocument> ToDocuments(IReadOnlyList<(AuditEntry Entry, long Version)> entries, long firstSequence) =>
        entries.Select((e, i) => ToDocument(e.Entry, firstSequence + i, e.Version));
}
