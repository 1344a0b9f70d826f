using MongoDB.Bson;
using ScimServer.Core.Filtering;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// The part of a filter that names membership (a group's <c>members</c>, a user's <c>groups</c>), evaluated in the
/// server: one <c>$lookup</c> per node into the indexed edges, each stopping at the first edge that satisfies it, then
/// a <c>$match</c> on what the lookups found. Nothing is gathered in memory or placed in one document, so a group of
/// 200,000 members filters like one of ten (an id list in <c>$in</c> would hit the 16 MB document limit near 300,000).
/// Pure: builds BSON only.
/// </summary>
/// <remarks>
/// The page pipeline puts these stages after <c>$sort</c>, so that on an index-backed order a page looks up only the
/// resources it passes over; a count runs the same stages over every candidate of the other conditions.
/// </remarks>
internal sealed record MembershipFilter(IReadOnlyList<MembershipLookup> Lookups, BsonDocument Match)
{
    /// <summary>The lookups, the match on their results, then the lookup fields removed from the page.</summary>
    public IEnumerable<BsonDocument> Stages(bool keepFields = false)
    {
        foreach (var lookup in Lookups)
        {
            yield return lookup.Stage;
        }

        yield return new BsonDocument("$match", Match);
        if (!keepFields)
        {
            yield return new BsonDocument("$unset", new BsonArray(Lookups.Select(l => l.Field)));
        }
    }

    /// <summary>The field the <paramref name="index"/>th lookup leaves its edge in (not a SCIM name: no clash with the document).</summary>
    public static string FieldOf(int index) => "_m" + index;

    /// <summary>
    /// The filter's top-level conjuncts split into those without a membership node (an ordinary, indexable
    /// <c>$match</c>) and those with one (evaluated after the lookups); either may be null.
    /// </summary>
    public static (BoundFilter? Plain, BoundFilter? Membership) Split(BoundFilter? filter)
    {
        var plain = new List<BoundFilter>();
        var membership = new List<BoundFilter>();
        foreach (var conjunct in Conjuncts(filter))
        {
            (MongoFilterTranslator.MembershipNodes(conjunct).Count == 0 ? plain : membership).Add(conjunct);
        }

        return (Join(plain), Join(membership));

        static BoundFilter? Join(List<BoundFilter> parts) => parts.Count == 0 ? null : parts.Aggregate((left, right) => new BoundAnd(left, right));
    }

    /// <summary>
    /// A group's <c>members</c> node: some edge of the group (by <c>{tenant, groupId, memberId}</c>) satisfies it.
    /// </summary>
    public static MembershipLookup GroupMembers(string tenant, BoundFilter node, string field) =>
        new(node, field, Lookup(GroupId, new BsonDocument("$and", new BsonArray { new BsonDocument(Tenant, tenant), MongoFilterTranslator.EdgeFilter(node) }), field));

    /// <summary>
    /// A user's <c>groups</c> node: <c>groups pr</c> (some edge names the user), or <c>groups.value eq "g"</c> (also as
    /// <c>groups[value eq "g"]</c>) with <paramref name="groupsUnder"/> the group and every group nested in it (a user in
    /// any of them is in it, RFC 7643 §4.1.2): some edge from one of them names the user (by <c>{tenant, memberId}</c>).
    /// </summary>
    public static MembershipLookup UserGroups(string tenant, BoundFilter node, string field, IReadOnlyCollection<string>? groupsUnder)
    {
        var edges = new BsonDocument { { Tenant, tenant }, { MemberType, ResourceTypes.User } };
        if (groupsUnder is not null)
        {
            edges.Add(GroupId, new BsonDocument("$in", new BsonArray(groupsUnder)));
        }

        return new MembershipLookup(node, field, Lookup(MemberId, edges, field));
    }

    /// <summary>
    /// The group a user's <c>groups</c> node asks for, or null for <c>groups pr</c>; anything else is not offered.
    /// </summary>
    public static string? GroupOf(BoundFilter node) => node switch
    {
        BoundPresent => null,
        BoundComparison { Operator: ComparisonOperator.Eq, Value.Value: string groupId } comparison
            when comparison.Attribute.SubAttribute?.Name == "value" => groupId,
        BoundValuePath { Filter: BoundComparison { Operator: ComparisonOperator.Eq, Value.Value: string groupId } inner }
            when inner.Attribute.Leaf.Name == "value" => groupId,
        _ => throw new NotSupportedException(
            "The MongoDB store filters users by 'groups pr' and 'groups.value eq' (or 'groups[value eq ...]') only."),
    };

    /// <summary>
    /// A correlated <c>$lookup</c> (MongoDB 5.0's localField with a pipeline): the server prepends the equality on
    /// <paramref name="edgeField"/>, so the edge index serves it; one edge is enough to decide.
    /// </summary>
    private static BsonDocument Lookup(string edgeField, BsonDocument edges, string field) => new("$lookup", new BsonDocument
    {
        { "from", Members },
        { "localField", Id },
        { "foreignField", edgeField },
        { "pipeline", new BsonArray
            {
                new BsonDocument("$match", edges),
                new BsonDocument("$limit", 1),
                new BsonDocument("$project", new BsonDocument(MongoId, 1)),
            }
        },
        { "as", field },
    });

    private static IEnumerable<BoundFilter> Conjuncts(BoundFilter? filter) => filter switch
    {
        null => [],
        BoundAnd and => Conjuncts(and.Left).Concat(Conjuncts(and.Right)),
        _ => [filter],
    };
}
