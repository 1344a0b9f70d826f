using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ResourceTypes = ScimServer.Storage.Sqlite.SqliteScimStore.ResourceTypes;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Filters on the attributes kept as membership edges, not in the document: a group's <c>members</c> (its direct
/// edges) and a user's <c>groups</c> (the groups it is in directly or through nested groups, RFC 7643 §4.1.2).
/// </summary>
/// <remarks>
/// Supported: on a group, <c>members.value</c> and <c>members.type</c> with <c>eq</c> / <c>ne</c> / <c>pr</c>, alone or
/// combined inside <c>members[...]</c>, and <c>members pr</c>; on a user, <c>groups.value eq</c> / <c>ne</c>,
/// <c>groups[value eq ...]</c> (or an <c>or</c> of those) and <c>groups pr</c>. Anything else on these attributes
/// (<c>display</c>, <c>$ref</c>, a user's <c>groups.type</c>, another operator) throws
/// <see cref="NotSupportedException"/>: the binder should reject it as invalidFilter.
/// </remarks>
internal sealed partial class SqliteFilterTranslator
{
    private const string ValueSubAttribute = "value";
    private const string TypeSubAttribute = "type";

    /// <summary>A comparison other than <c>ne</c> (rewritten to <c>NOT eq</c> before it gets here).</summary>
    private string MembershipComparison(BoundComparison comparison)
    {
        var element = comparison with { Attribute = ElementOf(comparison.Attribute) };
        return IsGroupQuery ? MembersMatch(element) : GroupsMatch(element);
    }

    private string MembershipPresent(BoundAttribute attribute)
    {
        if (attribute.SubAttribute is null || (IsGroupQuery && IsEdgeColumn(attribute)))
        {
            // members pr / groups pr: some edge exists (an indirect group implies a direct one); an edge always has
            // a value and a type.
            return AnyEdge();
        }

        var element = new BoundPresent(ElementOf(attribute));
        return IsGroupQuery ? MembersMatch(element) : GroupsMatch(element);
    }

    private string MembershipValuePath(BoundValuePath valuePath) =>
        IsGroupQuery ? MembersMatch(valuePath.Filter) : GroupsMatch(valuePath.Filter);

    private bool IsGroupQuery => resourceType switch
    {
        ResourceTypes.Group => true,
        ResourceTypes.User => false,
        _ => throw new NotSupportedException($"A {resourceType} has no membership attributes."),
    };

    /// <summary>The group has an edge that satisfies <paramref name="filter"/> (element-relative paths).</summary>
    private string MembersMatch(BoundFilter filter)
    {
        var alias = NextAlias();
        var tenantValue = TenantParameter;
        var predicate = EdgePredicate(filter, alias);
        if (predicate == "1")
        {
            return AnyEdge();
        }

        // Uncorrelated: the groups with a matching edge, found once (members.value eq uses ix_members_member).
        return $"id IN (SELECT {alias}.group_id FROM members AS {alias} WHERE {alias}.tenant = {tenantValue} AND {predicate})";
    }

    /// <summary>A predicate over one edge row: <c>value</c> is its member_id, <c>type</c> its member_type.</summary>
    private string EdgePredicate(BoundFilter filter, string alias) => filter switch
    {
        BoundAnd and => $"({EdgePredicate(and.Left, alias)} AND {EdgePredicate(and.Right, alias)})",
        BoundOr or => $"({EdgePredicate(or.Left, alias)} OR {EdgePredicate(or.Right, alias)})",
        BoundNot not => $"NOT {EdgePredicate(not.Inner, alias)}",

        // Both columns are NOT NULL and never empty.
        BoundPresent present => IsEdgeColumn(present.Attribute) ? "1" : throw Unsupported(present.Attribute, "pr"),
        BoundComparison comparison => EdgeComparison(comparison, alias),
        _ => throw new NotSupportedException($"The filter node {filter.GetType().Name} is not supported on members."),
    };

    private string EdgeComparison(BoundComparison comparison, string alias)
    {
        var column = EdgeColumn(comparison.Attribute, alias) ?? throw Unsupported(comparison.Attribute, Name(comparison.Operator));
        switch (comparison.Operator)
        {
            case ComparisonOperator.Ne:
                return "NOT " + EdgeComparison(comparison with { Operator = ComparisonOperator.Eq }, alias);
            case ComparisonOperator.Eq when KindOf(comparison.Value) == SlotKind.Null:
                return "0";
            case ComparisonOperator.Eq when KindOf(comparison.Value) is SlotKind.Text or SlotKind.EmptyText:
                // Ids compare exactly (the primary key serves them); a type as its canonical value ("user" → "User").
                var isType = comparison.Attribute.Leaf.Name == TypeSubAttribute;
                return $"{column} = {AddParameter(comparison.Value, text => isType ? MemberTypes.Canonical((string)text) : text)}";
            default:
                throw Unsupported(comparison.Attribute, Name(comparison.Operator));
        }
    }

    private static bool IsEdgeColumn(BoundAttribute attribute) => attribute.Leaf.Name is ValueSubAttribute or TypeSubAttribute;

    private static string? EdgeColumn(BoundAttribute attribute, string alias) => attribute.Leaf.Name switch
    {
        ValueSubAttribute => $"{alias}.member_id",
        TypeSubAttribute => $"{alias}.member_type",
        _ => null,
    };

    /// <summary>
    /// The user is in a group that satisfies <paramref name="filter"/>: only <c>value eq</c>, <c>value pr</c> and
    /// their <c>or</c>, because an indirect group is not a row one can test several conditions on.
    /// </summary>
    private string GroupsMatch(BoundFilter filter) => filter switch
    {
        BoundOr or => $"({GroupsMatch(or.Left)} OR {GroupsMatch(or.Right)})",
        BoundPresent { Attribute.Leaf.Name: ValueSubAttribute } => AnyEdge(),
        BoundComparison { Operator: ComparisonOperator.Eq } comparison
            when comparison.Attribute.Leaf.Name == ValueSubAttribute && KindOf(comparison.Value) is SlotKind.Text or SlotKind.EmptyText
            => InGroup(comparison.Value),
        BoundComparison comparison => throw Unsupported(comparison.Attribute, Name(comparison.Operator)),
        BoundPresent present => throw Unsupported(present.Attribute, "pr"),
        _ => throw new NotSupportedException($"The filter node {filter.GetType().Name} is not supported on groups."),
    };

    /// <summary>
    /// The users in the group directly or through nested groups: walks the group's edges down (primary key
    /// (tenant, group_id) at every step), uncorrelated so it runs once per query. UNION ends the walk on a cycle.
    /// </summary>
    private string InGroup(BoundLiteral groupId)
    {
        var sub = NextAlias();
        var edge = NextAlias();
        var t = TenantParameter;
        var group = AddParameter(groupId, id => id);
        return $"id IN (WITH RECURSIVE {sub}(member_id, member_type) AS ("
            + $"SELECT member_id, member_type FROM members WHERE tenant = {t} AND group_id = {group} "
            + $"UNION SELECT {edge}.member_id, {edge}.member_type FROM members AS {edge} JOIN {sub} ON {edge}.group_id = {sub}.member_id "
            + $"WHERE {edge}.tenant = {t} AND {sub}.member_type = '{ResourceTypes.Group}') "
            + $"SELECT member_id FROM {sub} WHERE member_type = '{ResourceTypes.User}')";
    }

    /// <summary>The row has at least one edge: a group with a member, a user in a group.</summary>
    private string AnyEdge()
    {
        var alias = NextAlias();
        var table = SqliteScimStore.TableOf(resourceType);
        // A user's edges by member id, named: on a 100,000-user file SQLite planned the tenant's prefix of the primary
        // key instead and read every edge of the tenant for each user (a count at 20,000 members took 68 s).
        var (edges, correlation) = IsGroupQuery
            ? ($"members AS {alias}", $"{alias}.group_id = {table}.id")
            : ($"members AS {alias} INDEXED BY ix_members_member", $"{alias}.member_id = {table}.id AND {alias}.member_type = '{ResourceTypes.User}'");
        return $"EXISTS (SELECT 1 FROM {edges} WHERE {alias}.tenant = {TenantParameter} AND {correlation})";
    }

    /// <summary>A top-level <c>members.value</c> as the element-relative <c>value</c> of a value filter.</summary>
    private static BoundAttribute ElementOf(BoundAttribute attribute)
    {
        var sub = attribute.SubAttribute ?? attribute.Attribute.FindSubAttribute(ValueSubAttribute)
            ?? throw new ArgumentException($"'{attribute}' has no '{ValueSubAttribute}' sub-attribute.", nameof(attribute));
        return new BoundAttribute { Attribute = sub, StoragePath = [sub.Name], IsElementRelative = true };
    }

    private NotSupportedException Unsupported(BoundAttribute attribute, string op) =>
        new($"'{op}' on '{(IsGroupQuery ? SchemaRegistry.MembersAttribute : SchemaRegistry.GroupsAttribute)}.{attribute.Leaf.Name}' is not supported.");

    private static string Name(ComparisonOperator op) => op.ToString().ToLowerInvariant();
}
