using MongoDB.Bson;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The stored form of a resource and the filters and updates the store writes it with:
/// <code>
/// { _id: ObjectId, tenant, id, userNameKey?, externalId?, passwordHash?,
///   keys?: { displayName: ["lee ann"], name: { familyName: ["lee"] }, emails: { value: ["ann@x.org", ...] } },
///   fold?: { title: "engineer", name: { familyName: "lee" }, emails: [ { value: "ann@x.org", type: "work", primary: true } ] },
///   doc: { ...the SCIM document, extensions under ext.{alias}... },
///   meta: { created, lastModified, version } }
/// </code>
/// The SCIM document stays nested under <c>doc</c> rather than flattened: no attribute a schema declares can collide
/// with a field the store owns, the document comes back exactly as it went in, and a replace sets <c>doc</c> whole.
/// The resource id is a field beside <c>tenant</c>, unique per tenant, not <c>_id</c>: two tenants may hold the same
/// id (as the SQLite store's primary key (tenant, id) allows). Dates are <see cref="ScimDateTime"/> text, whose order
/// is time order, so filters and sorts compare them as strings exactly as the SQLite store does.
/// <c>keys</c> holds the resource type's search keys (<see cref="SearchKeys"/>, the one Core rule the SQLite store's keys
/// table follows too): each declared path's distinct non-empty values, folded by <see cref="ScimText.Fold"/> where the
/// attribute is not caseExact, written with the document, so an index on <c>{tenant, keys.path}</c> serves
/// case-insensitive <c>eq</c> and <c>sw</c> exactly and the stores fold and order alike.
/// <c>fold</c> holds the folded copy of the document's case-insensitive text (<see cref="FoldedCopy"/>, at the same paths
/// as under <c>doc</c>), written in the same update as the document: every other case-insensitive compare and sort reads
/// it, so that it folds by <see cref="ScimText.Fold"/> as SQLite does, never by MongoDB's ASCII-only <c>$toLower</c>.
/// </summary>
internal static class ResourceDocuments
{
    public static string CollectionOf(string resourceType) => resourceType switch
    {
        ResourceTypes.User => Users,
        ResourceTypes.Group => Groups,
        _ => throw new ArgumentException($"The MongoDB store keeps no resources of type '{resourceType}'.", nameof(resourceType)),
    };

    public static BsonDocument ToDocument(StoredResource resource, IReadOnlyList<SearchKey>? keys = null, JObject? folded = null)
    {
        var document = new BsonDocument
        {
            { Tenant, resource.Tenant },
            { Id, resource.Id },
        };
        AddOptional(document, UserNameKey, resource.UniqueKey);
        AddOptional(document, ExternalId, resource.ExternalId);
        AddOptional(document, PasswordHash, resource.PasswordHash);
        document.Add(Keys, KeysDocument(keys));
        document.Add(Folded, FoldedDocument(folded));
        document.Add(Document, JsonBson.ToBson(resource.Document));
        document.Add(Meta, new BsonDocument
        {
            { Created, ScimDateTime.ToText(resource.Created) },
            { LastModified, ScimDateTime.ToText(resource.LastModified) },
            { VersionElement, new BsonInt64(resource.Version) },
        });
        return document;
    }

    public static StoredResource FromDocument(BsonDocument document, string resourceType)
    {
        var meta = document[Meta].AsBsonDocument;
        return new StoredResource
        {
            Tenant = document[Tenant].AsString,
            ResourceType = resourceType,
            Id = document[Id].AsString,
            Version = meta[VersionElement].ToInt64(),
            Created = ParseDate(meta[Created].AsString),
            LastModified = ParseDate(meta[LastModified].AsString),
            Document = JsonBson.ToJson(document[Document].AsBsonDocument),
            UniqueKey = OptionalString(document, UserNameKey),
            ExternalId = OptionalString(document, ExternalId),
            PasswordHash = OptionalString(document, PasswordHash),
        };
    }

    /// <summary>One resource of a tenant: <c>{ tenant, id }</c> (the unique index <c>ux_tenant_id</c>).</summary>
    public static BsonDocument ById(string tenant, string id) => new() { { Tenant, tenant }, { Id, id } };

    /// <summary>The users of every tenant with this folded user name (the server-admin view of a service account).</summary>
    public static BsonDocument ByUserNameKey(string userNameKey) => new(UserNameKey, userNameKey);

    /// <summary>Tenant, then id: the order of <c>ix_userNameKey_tenant_id</c> after its equality on the key.</summary>
    public static BsonDocument ByTenantThenId => new() { { Tenant, 1 }, { Id, 1 } };

    /// <summary>
    /// The resources of a tenant that already hold one of these ids or folded user names: what a batch create checks
    /// up front, in one query, instead of learning it from a duplicate key per item. Without keys (groups) only the
    /// ids are checked.
    /// </summary>
    public static BsonDocument TakenAmong(string tenant, IReadOnlyCollection<string> ids, IReadOnlyCollection<string> userNameKeys)
    {
        var taken = new BsonArray { new BsonDocument(Id, new BsonDocument("$in", new BsonArray(ids))) };
        if (userNameKeys.Count > 0)
        {
            taken.Add(new BsonDocument(UserNameKey, new BsonDocument("$in", new BsonArray(userNameKeys))));
        }

        return new BsonDocument { { Tenant, tenant }, { "$or", taken } };
    }

    /// <summary>Only the unique fields of a resource: all a batch create needs of the ones already taken.</summary>
    public static BsonDocument UniqueFields => new() { { MongoId, 0 }, { Tenant, 1 }, { Id, 1 }, { UserNameKey, 1 } };

    /// <summary>One resource at one version: the optimistic-concurrency filter of every versioned write.</summary>
    public static BsonDocument ByIdAtVersion(string tenant, string id, long version) =>
        new() { { Tenant, tenant }, { Id, id }, { MetaVersion, new BsonInt64(version) } };

    /// <summary>
    /// The update of a replace: every field but <c>_id</c>, <c>tenant</c>, <c>id</c> and <c>meta.created</c> (which
    /// stays as stored). It sets <c>doc</c> whole, so it replaces the resource as a <c>ReplaceOne</c> would, without
    /// a read to carry <c>created</c> over; absent optional fields are unset, not stored as null, so that the partial
    /// unique index on the user name key never sees them.
    /// </summary>
    public static BsonDocument ReplaceUpdate(StoredResource resource, IReadOnlyList<SearchKey>? keys = null, JObject? folded = null)
    {
        var set = new BsonDocument();
        var unset = new BsonDocument();
        SetOrUnset(set, unset, UserNameKey, resource.UniqueKey);
        SetOrUnset(set, unset, ExternalId, resource.ExternalId);
        SetOrUnset(set, unset, PasswordHash, resource.PasswordHash);
        set.Add(Keys, KeysDocument(keys));
        set.Add(Folded, FoldedDocument(folded));
        set.Add(Document, JsonBson.ToBson(resource.Document));
        set.Add(MetaLastModified, ScimDateTime.ToText(resource.LastModified));
        set.Add(MetaVersion, new BsonInt64(resource.Version));
        var update = new BsonDocument("$set", set);
        if (unset.ElementCount > 0)
        {
            update.Add("$unset", unset);
        }

        return update;
    }

    /// <summary>
    /// A membership-only change's version bump: <c>$inc</c>, so that concurrent changes each add one and none is lost
    /// (a read-then-write of the version would let two writers store the same next version).
    /// </summary>
    /// <summary>
    /// The fence of one batch of a large membership change: a write to the group (so that a concurrent change of the
    /// group meets it in a write conflict) that changes nothing a client sees, applied only at the version the change
    /// was computed from (<see cref="ByIdAtVersion"/>).
    /// </summary>
    public static BsonDocument MembershipBatchFence => new("$inc", new BsonDocument(MembershipBatches, new BsonInt64(1)));

    public static BsonDocument NextVersionUpdate(DateTimeOffset lastModified) => new()
    {
        { "$inc", new BsonDocument(MetaVersion, new BsonInt64(1)) },
        { "$set", new BsonDocument(MetaLastModified, ScimDateTime.ToText(lastModified)) },
    };

    public static DateTimeOffset ParseDate(string text) =>
        ScimDateTime.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"The stored date '{text}' is not a SCIM dateTime.");

    public static string? OptionalString(BsonDocument document, string name) =>
        document.TryGetValue(name, out var value) && !value.IsBsonNull ? value.AsString : null;

    /// <summary>
    /// The stored field of a declared search key path: <c>keys.emails.value</c>. Declared paths are schema names
    /// (<see cref="FieldPath"/> checks each segment).
    /// </summary>
    public static string KeyField(string declaredPath) => Keys + "." + FieldPath.Join(declaredPath.Split('.'));

    /// <summary>
    /// The resources written before the store kept search keys or the folded copy: <see cref="MongoScimStore.InitializeAsync"/>
    /// gives them theirs (every resource written since has both fields, <c>{}</c> when empty).
    /// </summary>
    public static BsonDocument WithoutDerivedFields => new("$or", new BsonArray
    {
        new BsonDocument(Keys, new BsonDocument("$exists", false)),
        new BsonDocument(Folded, new BsonDocument("$exists", false)),
    });

    /// <summary>
    /// One resource of the backfill as it was read: a replace since then (which writes both fields itself) leaves it
    /// unmatched, so that the backfill never puts the fields of an older document over a newer one.
    /// </summary>
    public static BsonDocument ByMongoIdAtVersion(BsonValue mongoId, long version) =>
        new() { { MongoId, mongoId }, { MetaVersion, new BsonInt64(version) } };

    /// <summary>Sets the search keys and the folded copy of a resource (the start-up backfill of <see cref="WithoutDerivedFields"/>).</summary>
    public static BsonDocument SetDerivedFields(IReadOnlyList<SearchKey> keys, JObject folded) =>
        new("$set", new BsonDocument { { Keys, KeysDocument(keys) }, { Folded, FoldedDocument(folded) } });

    /// <summary>The folded copy as BSON; <c>{}</c> when nothing folds (so that the field is there and the backfill skips it).</summary>
    private static BsonDocument FoldedDocument(JObject? folded) => folded is null ? [] : JsonBson.ToBson(folded);

    /// <summary><c>{ emails: { value: [...] }, displayName: [...] }</c>; <c>{}</c> when there is no key.</summary>
    private static BsonDocument KeysDocument(IReadOnlyList<SearchKey>? keys)
    {
        var root = new BsonDocument();
        foreach (var key in keys ?? [])
        {
            var segments = key.Path.Split('.');
            var parent = root;
            foreach (var segment in segments[..^1])
            {
                var name = FieldPath.CheckSegment(segment);
                if (!parent.TryGetValue(name, out var child))
                {
                    child = new BsonDocument();
                    parent.Add(name, child);
                }

                parent = child.AsBsonDocument;
            }

            var leaf = FieldPath.CheckSegment(segments[^1]);
            if (!parent.TryGetValue(leaf, out var values))
            {
                values = new BsonArray();
                parent.Add(leaf, values);
            }

            values.AsBsonArray.Add(key.Value);
        }

        return root;
    }

    private static void AddOptional(BsonDocument document, string name, string? value)
    {
        if (value is not null)
        {
            document.Add(name, value);
        }
    }

    private static void SetOrUnset(BsonDocument set, BsonDocument unset, string name, string? value)
    {
        if (value is null)
        {
            unset.Add(name, "");
        }
        else
        {
            set.Add(name, value);
        }
    }
}

/// <summary>The resource types this store keeps (RFC 7643 §4 names, as the resource types declare them).</summary>
internal static class ResourceTypes
{
    public const string User = "User";
    public const string Group = "Group";
}
