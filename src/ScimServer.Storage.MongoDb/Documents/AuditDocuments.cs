using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The audit log, one document per entry:
/// <code>
/// { _id: ObjectId, tenant, sequence: long, at, actor, operation, resourceType, resourceId,
///   version?: long, requestId?, summary?, change?: { attributes: [...], externalId?, active?, password? } }
/// </code>
/// and one counter per tenant in <c>auditCounters</c>: <c>{ _id: tenant, tenant, last: long }</c> (<c>tenant</c> too:
/// the collection is sharded on it with the log).
/// </summary>
/// <remarks>
/// <para>
/// The log is the provisioning events' outbox (RFC 9967): an event stream keeps a cursor into it and reads the entries
/// after it, so an entry must never become visible below a sequence a reader has already passed. A time-ordered
/// sequence taken by each instance without a shared document (<see cref="AuditSequences"/> alone, the issue 13 design)
/// cannot promise that: an entry gets its sequence when its transaction runs and becomes visible when it commits, up to
/// MongoDB's transaction lifetime (60 s) plus the clock difference between instances later, so a stream reading after
/// its cursor could pass an entry that commits afterwards with a smaller sequence, and never send its events.
/// </para>
/// <para>
/// So every entry takes its sequence from the tenant's counter, updated inside the write's transaction as its last
/// step (<see cref="CounterOf"/>, <see cref="Advance"/>). Two transactions of one tenant that both update the counter
/// meet in a write conflict: the later one is aborted and run again by the driver from a snapshot that holds the
/// earlier one's commit, so it takes a greater sequence and commits after it. Sequence order is then commit order per
/// tenant, and a reader that sees an entry sees every entry below it: a cursor never skips. The counter never goes
/// below the time-ordered sequence (<c>$max</c> with <see cref="AuditSequences.Take"/>), so sequences stay
/// time-ordered, JSON-safe, and above every sequence written before the counter existed. A reading delay instead (read
/// only entries older than the transaction lifetime) would have kept writes free of the shared document but delayed
/// every event by a minute or more. The price: a tenant's audited writes serialise on the counter for the short time
/// between its update and the commit (conflicting transactions are run again), where the issue 13 design let them
/// commit in parallel. The unique index <c>ux_tenant_sequence</c> stays: a second entry with a taken sequence is a bug.
/// </para>
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

        if (entry.Change is { } change)
        {
            document.Add(Change, ToDocument(change));
        }

        return document;
    }

    public static BsonDocument ToDocument(ResourceChange change)
    {
        var document = new BsonDocument(ChangeAttributes, new BsonArray(change.Attributes));
        if (change.ExternalId is { } externalId)
        {
            document.Add(ExternalId, externalId);
        }

        if (change.Active is { } active)
        {
            document.Add(ChangeActive, active);
        }

        if (change.PasswordChanged)
        {
            document.Add(ChangePassword, true);
        }

        if (change.Data is { } data)
        {
            document.Add(ChangeData, ScimJson.Serialize(data));
        }

        return document;
    }

    public static ResourceChange ToChange(BsonDocument document) => new()
    {
        Attributes = document.TryGetValue(ChangeAttributes, out var attributes) ? [.. attributes.AsBsonArray.Select(a => a.AsString)] : [],
        ExternalId = ResourceDocuments.OptionalString(document, ExternalId),
        Active = document.TryGetValue(ChangeActive, out var active) && !active.IsBsonNull ? active.AsBoolean : null,
        PasswordChanged = document.TryGetValue(ChangePassword, out var password) && password.AsBoolean,
        Data = document.TryGetValue(ChangeData, out var data) && data.IsString ? ScimJson.ParseObject(data.AsString) : null,
    };

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
        Change = document.TryGetValue(Change, out var change) && change.IsBsonDocument ? ToChange(change.AsBsonDocument) : null,
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
    /// of the tenant's counter, <see cref="Advance"/>), each with the version its write produced.
    /// </summary>
    public static IEnumerable<BsonDocument> ToDocuments(IReadOnlyList<(AuditEntry Entry, long Version)> entries, long firstSequence) =>
        entries.Select((e, i) => ToDocument(e.Entry, firstSequence + i, e.Version));

    /// <summary>
    /// The tenant's audit counter (see the remarks above); the equalities are what an upsert creates, the shard key
    /// among them as a sharded upsert needs.
    /// </summary>
    public static BsonDocument CounterOf(string tenant) => new() { { MongoId, tenant }, { Tenant, tenant } };

    /// <summary>
    /// Takes <paramref name="count"/> sequences from the counter: <c>last</c> moves to the greater of <c>last + count</c>
    /// and the last of the time-ordered block starting at <paramref name="timeOrdered"/> (a counter not there yet is
    /// created, <c>$last</c> missing: <c>$add</c> gives null, which <c>$max</c> ignores). The block taken ends at the
    /// new <c>last</c>.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> Advance(long timeOrdered, int count) => new BsonDocument[]
    {
        new("$set", new BsonDocument(Last, new BsonDocument("$max", new BsonArray
        {
            new BsonDocument("$add", new BsonArray { "$" + Last, new BsonInt64(count) }),
            new BsonInt64(timeOrdered + count - 1),
        }))),
    };
}
