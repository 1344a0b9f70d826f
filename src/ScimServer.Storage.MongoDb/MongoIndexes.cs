using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Schema;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// The indexes <see cref="MongoScimStore.InitializeAsync"/> creates, by collection. Every index is named, so that
/// creating them again is a no-op; never change a released index in place (MongoDB rejects a different index
/// under an existing name): add one under a new name.
/// </summary>
/// <remarks>
/// User names are unique per tenant through <c>{tenant, userNameKey}</c>, the user name folded by
/// <c>ScimText.Fold</c>, rather than through <c>{tenant, userName}</c> with a case-insensitive collation (strength 2):
/// every store then agrees on what "the same user name" is (the SQLite store keeps the same folded key), the folded
/// key serves <c>userName eq</c>/<c>sw</c> and sorting without a collation on the query, and every other string
/// comparison keeps the binary, case-exact order that <c>caseExact: true</c> attributes need (a collection-wide
/// collation would apply to all of them). The index is partial on <c>userNameKey</c> being a string: groups (no
/// unique key) never collide.
/// </remarks>
internal static class MongoIndexes
{
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Users { get; } =
    [
        .. ResourceIndexes(),
        Index("ix_tenant_emails_value", new BsonDocument { { Tenant, 1 }, { Document + ".emails.value", 1 } }),

        // The server-admin view of one user name across tenants (FindUsersInAllTenantsAsync): ux_tenant_userNameKey
        // cannot serve an equality on userNameKey alone (tenant leads it), so without this index the lookup scans
        // every user of every tenant. Equality on the key, then the result's order (tenant, id): no in-memory sort.
        Index("ix_userNameKey_tenant_id", new BsonDocument { { UserNameKey, 1 }, { Tenant, 1 }, { Id, 1 } }),

        // An identity provider's nightly reconcile pages through active eq true in id order: equality on the tenant and
        // active, then the order, so a page (by cursor or skip) reads no user of the other value, and its count is a
        // scan of the index alone rather than a fetch of every user of the tenant.
        Index("ix_tenant_active_id", new BsonDocument { { Tenant, 1 }, { ActiveField, 1 }, { Id, 1 } }),
    ];

    /// <summary>Where a user's <c>active</c> is stored (the translator matches <c>active eq true</c> on this field).</summary>
    public const string ActiveField = Document + "." + SchemaRegistry.ActiveAttribute;

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Groups { get; } = ResourceIndexes();

    /// <summary>One document per edge: adding or removing a member touches one document, whatever the group's size.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Members { get; } =
    [
        Index("ux_tenant_group_member", new BsonDocument { { Tenant, 1 }, { GroupId, 1 }, { MemberId, 1 } }, unique: true),
        Index("ix_tenant_member", new BsonDocument { { Tenant, 1 }, { MemberId, 1 } }),

        // The groups nested in a group (a user's groups.value filter follows them down) without reading its user
        // edges: only group-to-group edges are in it, so it stays as small as the nesting.
        Index(
            "ix_tenant_group_nested",
            new BsonDocument { { Tenant, 1 }, { GroupId, 1 }, { MemberId, 1 } },
            partial: new BsonDocument(MemberType, ResourceTypes.Group)),
    ];

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Tokens { get; } =
    [
        Index("ux_sha256", new BsonDocument(Sha256, 1), unique: true),
        Index("ix_tenant", new BsonDocument(Tenant, 1)),

        // A tenant's tokens oldest first (ListTokensAsync) without a sort in memory; ix_tenant stays, as released.
        Index("ix_tenant_created", new BsonDocument { { Tenant, 1 }, { Created, 1 }, { MongoId, 1 } }),
    ];

    /// <summary>
    /// The audit log (<see cref="Documents.AuditDocuments"/>): a tenant's pages in sequence order (unique: a second entry
    /// with a taken sequence is a bug, and the index says so), one resource's history in sequence order, and a tenant's
    /// entries in a time window.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Audit { get; } =
    [
        Index(AuditSequenceIndex, new BsonDocument { { Tenant, 1 }, { Sequence, 1 } }, unique: true),
        Index("ix_tenant_resourceId_sequence", new BsonDocument { { Tenant, 1 }, { ResourceId, 1 }, { Sequence, 1 } }),
        Index("ix_tenant_at", new BsonDocument { { Tenant, 1 }, { At, 1 } }),
    ];

    /// <summary>
    /// The per-tenant audit counters (<see cref="Documents.AuditDocuments"/>; found by <c>_id</c>, the tenant): an index on
    /// the shard key, which sharding a collection that already holds documents requires.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> AuditCounters { get; } =
    [
        Index("ix_tenant", new BsonDocument(Tenant, 1)),
    ];

    /// <summary>
    /// Event streams (<see cref="Documents.EventStreamDocuments"/>; found by <c>_id</c> for delivery): a tenant's streams
    /// in creation order, as the admin API lists them and the tenant purge finds them.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> EventStreams { get; } =
    [
        Index("ix_tenant_created", new BsonDocument { { Tenant, 1 }, { Created, 1 }, { MongoId, 1 } }),
    ];

    /// <summary>
    /// Poll acknowledgements above a stream's cursor: one per stream and sequence (unique, so acknowledging again adds
    /// nothing), read and dropped by the stream's sequence range; a tenant's found for the purge.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> EventAcks { get; } =
    [
        Index("ux_stream_sequence", new BsonDocument { { StreamId, 1 }, { Sequence, 1 } }, unique: true),
        Index("ix_tenant", new BsonDocument(Tenant, 1)),
    ];

    /// <summary>The unique index of a tenant's audit sequences: a duplicate key on it is a sequence collision, run again.</summary>
    public const string AuditSequenceIndex = "ux_tenant_sequence";

    /// <summary>Every collection and its indexes (tenants need only <c>_id</c>).</summary>
    public static IReadOnlyList<(string Collection, IReadOnlyList<CreateIndexModel<BsonDocument>> Indexes)> All { get; } =
    [
        (Documents.StoredNames.Users, Users),
        (Documents.StoredNames.Groups, Groups),
        (Documents.StoredNames.Members, Members),
        (Documents.StoredNames.Tokens, Tokens),
        (Documents.StoredNames.Audit, Audit),
        (Documents.StoredNames.AuditCounters, AuditCounters),
        (Documents.StoredNames.EventStreams, EventStreams),
        (Documents.StoredNames.EventAcks, EventAcks),
    ];

    /// <summary>
    /// The collections a sharded cluster shards, all on <see cref="ShardKey"/> (DESIGN.md, scale-out): a tenant lives on
    /// one shard, tenants spread across shards. MongoDB allows a unique index on a sharded collection only with the
    /// shard key as its prefix, so every unique index here starts with <c>tenant</c>. Tokens and tenants stay
    /// unsharded (small; a token is found by its hash alone), and so do event streams and their acknowledgements (a few
    /// per tenant; an acknowledgement is unique per stream). The audit counters are sharded with the audit log (each
    /// holds its tenant and is found by it), so an audited write stays on the tenant's shard. <c>scripts/mongo/shard.js</c> shards exactly these.
    /// </summary>
    public static IReadOnlyList<string> Sharded { get; } =
        [Documents.StoredNames.Users, Documents.StoredNames.Groups, Documents.StoredNames.Members, Documents.StoredNames.Audit, Documents.StoredNames.AuditCounters];

    /// <summary>The shard key of every sharded collection: <c>{ tenant: 1 }</c>.</summary>
    public static BsonDocument ShardKey { get; } = new(Tenant, 1);

    /// <summary>
    /// The collections a transaction writes that no index creation creates: created up front, so that no transaction
    /// has to create a collection (MongoDB restricts that: not before 4.4, and never in a cross-shard write transaction).
    /// </summary>
    /// <remarks>
    /// A <c>counters</c> collection left by an earlier version holds the retired per-tenant audit counters; nothing reads
    /// or writes it. The current ones are in <c>auditCounters</c>.
    /// </remarks>
    public static IReadOnlyList<string> WithoutIndexes { get; } = [Documents.StoredNames.Tenants];

    /// <summary>
    /// One index per declared search key of a resource type (<c>x-searchKeys</c>): <c>{tenant, keys.emails.value}</c>,
    /// named after the path. Case-insensitive <c>eq</c> is an equality and <c>sw</c> an anchored prefix on it; both stores
    /// index the same attributes because both read the one declaration.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> SearchKeyIndexes(ResourceTypeDefinition resourceType)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        return [.. resourceType.SearchKeys.Select(key =>
            Index("ix_tenant_keys_" + key.Name, new BsonDocument { { Tenant, 1 }, { ResourceDocuments.KeyField(key.Name), 1 } }))];
    }

    private static CreateIndexModel<BsonDocument>[] ResourceIndexes() =>
    [
        Index("ux_tenant_id", new BsonDocument { { Tenant, 1 }, { Id, 1 } }, unique: true),
        Index(
            "ux_tenant_userNameKey",
            new BsonDocument { { Tenant, 1 }, { UserNameKey, 1 } },
            unique: true,
            partial: new BsonDocument(UserNameKey, new BsonDocument("$type", "string"))),
        Index("ix_tenant_externalId", new BsonDocument { { Tenant, 1 }, { ExternalId, 1 } }),
        Index("ix_tenant_lastModified", new BsonDocument { { Tenant, 1 }, { MetaLastModified, 1 } }),
    ];

    private static CreateIndexModel<BsonDocument> Index(string name, BsonDocument keys, bool unique = false, BsonDocument? partial = null)
    {
        var options = new CreateIndexOptions<BsonDocument> { Name = name };
        if (unique)
        {
            options.Unique = true;
        }

        if (partial is not null)
        {
            options.PartialFilterExpression = partial;
        }

        return new CreateIndexModel<BsonDocument>(keys, options);
    }
}
