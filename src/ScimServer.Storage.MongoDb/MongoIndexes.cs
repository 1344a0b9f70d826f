using MongoDB.Bson;
using MongoDB.Driver;
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
    ];

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Groups { get; } = ResourceIndexes();

    /// <summary>One document per edge: adding or removing a member touches one document, whatever the group's size.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Members { get; } =
    [
        Index("ux_tenant_group_member", new BsonDocument { { Tenant, 1 }, { GroupId, 1 }, { MemberId, 1 } }, unique: true),
        Index("ix_tenant_member", new BsonDocument { { Tenant, 1 }, { MemberId, 1 } }),
    ];

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Tokens { get; } =
    [
        Index("ux_sha256", new BsonDocument(Sha256, 1), unique: true),
        Index("ix_tenant", new BsonDocument(Tenant, 1)),
    ];

    /// <summary>Every collection and its indexes (tenants need only <c>_id</c>).</summary>
    public static IReadOnlyList<(string Collection, IReadOnlyList<CreateIndexModel<BsonDocument>> Indexes)> All { get; } =
    [
        (Documents.StoredNames.Users, Users),
        (Documents.StoredNames.Groups, Groups),
        (Documents.StoredNames.Members, Members),
        (Documents.StoredNames.Tokens, Tokens),
    ];

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
