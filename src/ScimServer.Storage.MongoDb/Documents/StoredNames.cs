namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The collection and element names of the stored documents, in one place. They are the store's own names, never
/// a client's: a resource's SCIM attributes live under <see cref="Document"/>, apart from the fields the store owns.
/// </summary>
internal static class StoredNames
{
    public const string Users = "users";
    public const string Groups = "groups";
    public const string Members = "members";
    public const string Tenants = "tenants";
    public const string Tokens = "tokens";
    public const string Audit = "audit";
    public const string AuditCounters = "auditCounters";
    public const string EventStreams = "eventStreams";
    public const string EventAcks = "eventAcks";

    // Every collection.
    public const string MongoId = "_id";
    public const string Tenant = "tenant";

    // users, groups.
    public const string Id = "id";
    public const string UserNameKey = "userNameKey";
    public const string ExternalId = "externalId";
    public const string PasswordHash = "passwordHash";

    /// <summary>The folded search keys (x-searchKeys) by declared path: <c>keys.emails.value: [...]</c>.</summary>
    public const string Keys = "keys";

    /// <summary>The folded copy of the document's case-insensitive text (<c>FoldedCopy</c>): <c>fold.title</c>.</summary>
    public const string Folded = "fold";
    public const string Document = "doc";
    public const string Meta = "meta";
    public const string Created = "created";
    public const string LastModified = "lastModified";
    public const string VersionElement = "version";
    public const string MetaCreated = Meta + "." + Created;
    public const string MetaLastModified = Meta + "." + LastModified;
    public const string MetaVersion = Meta + "." + VersionElement;
    public const string MembershipBatches = "membershipBatches";

    // members: one document per edge.
    public const string GroupId = "groupId";
    public const string MemberId = "memberId";
    public const string MemberType = "memberType";

    // tenants, tokens.
    public const string Name = "name";
    public const string DisplayName = "displayName";
    public const string ServiceAccountEligible = "serviceAccountEligible";
    public const string SystemRole = "system";
    public const string Roles = "roles";
    public const string DefaultRoles = "defaultRoles";
    public const string Organizations = "organizations";
    public const string Sha256 = "sha256";
    public const string Expires = "expires";
    public const string Revoked = "revoked";
    public const string Kind = "kind";
    public const string Deleted = "deleted";

    // audit: one document per entry.
    public const string Sequence = "sequence";
    public const string At = "at";
    public const string Actor = "actor";
    public const string Operation = "operation";
    public const string ResourceType = "resourceType";
    public const string ResourceId = "resourceId";
    public const string RequestId = "requestId";
    public const string Summary = "summary";

    /// <summary>The entry's <c>ResourceChange</c> (what its events tell), with the SQLite store's short member names.</summary>
    public const string Change = "change";
    public const string ChangeAttributes = "attributes";
    public const string ChangeActive = "active";
    public const string ChangePassword = "password";

    /// <summary>
    /// A full-form event's resource as it stood after the change, kept as JSON text: its member names are SCIM's
    /// (schema URNs with dots, <c>$ref</c>), which MongoDB field names should not carry.
    /// </summary>
    public const string ChangeData = "data";

    // auditCounters: one document per tenant, { _id: tenant, last }.
    public const string Last = "last";

    // eventStreams: one document per stream, _id the stream's id; eventAcks: one per acknowledged sequence.
    public const string Delivery = "delivery";
    public const string Format = "format";
    public const string Events = "events";
    public const string Endpoint = "endpoint";
    public const string Authorization = "authorization";
    public const string Paused = "paused";
    public const string Cursor = "cursor";
    public const string LastDelivered = "lastDelivered";
    public const string Failures = "failures";
    public const string FailingSince = "failingSince";
    public const string LastError = "lastError";
    public const string LeaseOwner = "leaseOwner";
    public const string LeaseUntil = "leaseUntil";
    public const string StreamId = "stream";
}
