using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The membership edges: <c>{ _id: ObjectId, tenant, groupId, memberId, memberType: "User" | "Group" }</c>, one
/// document per member of a group, so that adding or removing one member writes one small document whatever the
/// group's size (no member array, no 16 MB document limit).
/// </summary>
internal static class EdgeDocuments
{
    /// <summary>Adds the edge, or keeps (and retypes) it if it exists: adding a member twice is not an error.</summary>
    public static UpdateOneModel<BsonDocument> Upsert(string tenant, string groupId, string memberId, string memberType) =>
        new(
            new BsonDocument { { Tenant, tenant }, { GroupId, groupId }, { MemberId, memberId } },
            new BsonDocument("$set", new BsonDocument(MemberType, memberType)))
        {
            IsUpsert = true,
        };

    /// <summary>Every edge of the group (its members).</summary>
    public static BsonDocument OfGroup(string tenant, string groupId) => new() { { Tenant, tenant }, { GroupId, groupId } };

    /// <summary>Every edge of the group but those to <paramref name="keep"/> (PUT, or PATCH replace of members).</summary>
    public static BsonDocument AllBut(string tenant, string groupId, IEnumerable<string> keep) => new()
    {
        { Tenant, tenant },
        { GroupId, groupId },
        { MemberId, new BsonDocument("$nin", new BsonArray(keep)) },
    };

    public static BsonDocument Only(string tenant, string groupId, IEnumerable<string> memberIds) => new()
    {
        { Tenant, tenant },
        { GroupId, groupId },
        { MemberId, new BsonDocument("$in", new BsonArray(memberIds)) },
    };

    /// <summary>
    /// The group-to-group edges out of these groups: their nested groups. Matches the partial index
    /// <c>ix_tenant_group_nested</c>, so a group of 200,000 users and three groups reads three index entries.
    /// </summary>
    public static BsonDocument NestedIn(string tenant, IEnumerable<string> groupIds) => new()
    {
        { Tenant, tenant },
        { GroupId, new BsonDocument("$in", new BsonArray(groupIds)) },
        { MemberType, ResourceTypes.Group },
    };

    /// <summary>The edges a deleted resource leaves behind: the groups it is in, and for a group, its members.</summary>
    public static BsonDocument OfDeleted(string tenant, string resourceType, string id)
    {
        var asMember = new BsonDocument { { MemberId, id }, { MemberType, resourceType } };
        return resourceType == ResourceTypes.Group
            ? new BsonDocument { { Tenant, tenant }, { "$or", new BsonArray { new BsonDocument(GroupId, id), asMember } } }
            : new BsonDocument { { Tenant, tenant }, { MemberId, id }, { MemberType, resourceType } };
    }

    public static GroupMember ToMember(BsonDocument edge, string? display) =>
        new(edge[GroupId].AsString, edge[MemberId].AsString, edge[MemberType].AsString, display);
}
