using MongoDB.Bson;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// Tenants <c>{ _id: id, name, created }</c> and tokens
/// <c>{ _id: id, tenant (null for a server-admin token), name, sha256, created, expires?, revoked? }</c>; dates are
/// <see cref="ScimDateTime"/> text like everywhere else in the store.
/// </summary>
internal static class TenantDocuments
{
    public static BsonDocument ToDocument(TenantRecord tenant) => new()
    {
        { MongoId, tenant.Id },
        { Name, tenant.Name },
        { Created, ScimDateTime.ToText(tenant.Created) },
    };

    public static TenantRecord ToTenant(BsonDocument document) => new()
    {
        Id = document[MongoId].AsString,
        Name = document[Name].AsString,
        Created = ResourceDocuments.ParseDate(document[Created].AsString),
    };

    public static BsonDocument ToDocument(TokenRecord token)
    {
        var document = new BsonDocument
        {
            { MongoId, token.Id },
            { Tenant, token.Tenant is null ? BsonNull.Value : new BsonString(token.Tenant) },
            { Name, token.Name },
            { Sha256, token.Sha256 },
            { Created, ScimDateTime.ToText(token.Created) },
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
    };

    private static DateTimeOffset? OptionalDate(BsonDocument document, string name) =>
        ResourceDocuments.OptionalString(document, name) is { } text ? ResourceDocuments.ParseDate(text) : null;
}
