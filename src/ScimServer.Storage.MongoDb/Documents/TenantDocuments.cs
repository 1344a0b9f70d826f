using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// Tenants
/// <c>{ _id: id, name, created, roles: [{ name, displayName, serviceAccountEligible, system }], defaultRoles, organizations, deleted? }</c>
/// and tokens <c>{ _id: id, tenant (null for a server-admin token), name, sha256, created, kind, expires?, revoked? }</c>;
/// dates are <see cref="ScimDateTime"/> text like everywhere else in the store.
/// </summary>
internal static class TenantDocuments
{
    public static BsonDocument ToDocument(TenantRecord tenant)
    {
        var document = new BsonDocument
        {
            { MongoId, tenant.Id },
            { Created, ScimDateTime.ToText(tenant.Created) },
        };
        document.AddRange(Settings(tenant));
        return document;
    }

    /// <summary>
    /// The update of <see cref="ITenantStore.UpdateTenantAsync"/>: everything but the id and the creation date, which
    /// stay as stored.
    /// </summary>
    public static BsonDocument UpdateOf(TenantRecord tenant) => new("$set", Settings(tenant));

    public static TenantRecord ToTenant(BsonDocument document)
    {
        var tenant = new TenantRecord
        {
            Id = document[MongoId].AsString,
            Name = document[Name].AsString,
            Created = ResourceDocuments.ParseDate(document[Created].AsString),
        };

        // A tenant stored before it had a role catalog keeps the record's defaults (the system roles, Analyst).
        if (document.TryGetValue(Roles, out var roles))
        {
            tenant = tenant with { Roles = [.. roles.AsBsonArray.Select(r => ToRole(r.AsBsonDocument))] };
        }

        if (document.TryGetValue(DefaultRoles, out var defaultRoles))
        {
            tenant = tenant with { DefaultRoles = Strings(defaultRoles) };
        }

        if (document.TryGetValue(Organizations, out var organizations))
        {
            tenant = tenant with { Organizations = Strings(organizations) };
        }

        return tenant;
    }

    public static BsonDocument ToDocument(TokenRecord token)
    {
        var document = new BsonDocument
        {
            { MongoId, token.Id },
            { Tenant, token.Tenant is null ? BsonNull.Value : new BsonString(token.Tenant) },
            { Name, token.Name },
            { Sha256, token.Sha256 },
            { Created, ScimDateTime.ToText(token.Created) },
            { Kind, token.Kind.ToString() },
        };
        if (token.Expires is { } expires)
        {
            document.Add(Expires, ScimDateTime.ToText(expires));
        }

        if (token.Revoked is { } revoked)
        {
            document.Add(Revoked, ScimDateTime.ToText(revoked));
        }

        return document;
    }

    public static TokenRecord ToToken(BsonDocument document) => new()
    {
        Id = document[MongoId].AsString,
        Tenant = ResourceDocuments.OptionalString(document, Tenant),
        Name = document[Name].AsString,
        Sha256 = document[Sha256].AsString,
        Created = ResourceDocuments.ParseDate(document[Created].AsString),
        Expires = OptionalDate(document, Expires),
        Revoked = OptionalDate(document, Revoked),

        // Tokens stored before OAuth clients existed are bearer tokens.
        Kind = ResourceDocuments.OptionalString(document, Kind) is { } kind
            ? Enum.Parse<TokenKind>(kind, ignoreCase: false)
            : TokenKind.Bearer,
    };

    /// <summary>
    /// A tenant that is not being deleted: every read and update of a tenant goes through this filter, so a tenant
    /// marked <c>deleted</c> is gone at once while its data is removed in batches.
    /// </summary>
    public static BsonDocument Live(string id) => new() { { MongoId, id }, { Deleted, new BsonDocument("$exists", false) } };

    /// <summary>Every tenant that is not being deleted (the listing).</summary>
    public static BsonDocument AllLive => new(Deleted, new BsonDocument("$exists", false));

    /// <summary>The tenants marked deleted whose data is still being removed (the start-up sweep).</summary>
    public static BsonDocument BeingDeleted => new(Deleted, new BsonDocument("$exists", true));

    /// <summary>Marks a tenant deleted: the first step of a deletion, in one small transaction.</summary>
    public static BsonDocument MarkDeleted(DateTimeOffset at) => new("$set", new BsonDocument(Deleted, ScimDateTime.ToText(at)));

    /// <summary>The last step of a deletion, once its data is gone: the marked tenant document itself.</summary>
    public static BsonDocument Purged(string id) => new() { { MongoId, id }, { Deleted, new BsonDocument("$exists", true) } };

    /// <summary>One batch of a deleted tenant's documents, by the store's own ids (found by <see cref="OwnedBy"/>).</summary>
    public static BsonDocument Batch(IEnumerable<BsonValue> mongoIds) => new(MongoId, new BsonDocument("$in", new BsonArray(mongoIds)));

    /// <summary>Everything a tenant owns in one collection: <c>{ tenant }</c> (users, groups, edges, tokens).</summary>
    public static BsonDocument OwnedBy(string tenant) => new(Tenant, tenant);

    /// <summary>
    /// One token of one tenant: <c>{ _id, tenant }</c>. The tenant is part of the filter so that a token id of another
    /// tenant is not found (the admin API addresses tokens through their tenant).
    /// </summary>
    public static BsonDocument TokenOf(string tenant, string id) => new() { { MongoId, id }, { Tenant, tenant } };

    /// <summary>The tenant's tokens and clients, oldest first (id breaks ties): the sort of the index <c>ix_tenant_created</c>.</summary>
    public static BsonDocument TokensOldestFirst => new() { { Created, 1 }, { MongoId, 1 } };

    /// <summary>
    /// A revocation, as an update pipeline (MongoDB 4.2+): sets <c>revoked</c> unless it is set, so that revoking a
    /// revoked token keeps the first revocation time, in one atomic write whose match count still tells NotFound.
    /// </summary>
    public static UpdateDefinition<BsonDocument> RevokeUpdate(DateTimeOffset at) =>
        Builders<BsonDocument>.Update.Pipeline(new[]
        {
            new BsonDocument("$set", new BsonDocument(Revoked, new BsonDocument("$ifNull", new BsonArray { "$" + Revoked, ScimDateTime.ToText(at) }))),
        });

    private static BsonDocument Settings(TenantRecord tenant) => new()
    {
        { Name, tenant.Name },
        { Roles, new BsonArray(tenant.Roles.Select(ToDocument)) },
        { DefaultRoles, new BsonArray(tenant.DefaultRoles) },
        { Organizations, new BsonArray(tenant.Organizations) },
    };

    private static BsonDocument ToDocument(RoleDefinition role) => new()
    {
        { Name, role.Name },
        { DisplayName, role.DisplayName },
        { ServiceAccountEligible, role.ServiceAccountEligible },
        { SystemRole, role.System },
    };

    private static RoleDefinition ToRole(BsonDocument document) => new(
        document[Name].AsString,
        document[DisplayName].AsString,
        document[ServiceAccountEligible].AsBoolean,
        document[SystemRole].AsBoolean);

    private static string[] Strings(BsonValue array) => [.. array.AsBsonArray.Select(v => v.AsString)];

    private static DateTimeOffset? OptionalDate(BsonDocument document, string name) =>
        ResourceDocuments.OptionalString(document, name) is { } text ? ResourceDocuments.ParseDate(text) : null;
}
