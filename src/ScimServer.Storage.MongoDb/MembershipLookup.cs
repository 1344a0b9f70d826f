using MongoDB.Bson;
using ScimServer.Core.Filtering;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// One membership node of a filter, evaluated in the server: <see cref="Stage"/> (a <c>$lookup</c> into the edges) leaves
/// in <see cref="Field"/> at most one edge that satisfies <see cref="Node"/> for the resource at hand.
/// </summary>
internal sealed record MembershipLookup(BoundFilter Node, string Field, BsonDocument Stage);
