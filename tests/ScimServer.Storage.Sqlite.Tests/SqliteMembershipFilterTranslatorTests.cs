using ScimServer.Core.Filtering;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.Bound;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>The SQL for filters on a group's <c>members</c> and a user's <c>groups</c>, read from the edges.</summary>
public sealed class SqliteMembershipFilterTranslatorTests
{
    private const string Tenant = "acme";

    private readonly SqliteFilterTranslator groups = new("Group", Tenant);
    private readonly SqliteFilterTranslator users = new("User", Tenant);

    private static BoundAttribute Members => TestSchema.Group("members");

    private static BoundAttribute MemberElement(string name) => TestSchema.Element(Members, name);

    [Fact]
    public void Members_value_eq_selects_the_groups_of_the_member()
    {
        groups.Translate(Eq(TestSchema.Group("members.value"), "u-1"))
            .Should().Be("id IN (SELECT e1.group_id FROM members AS e1 WHERE e1.tenant = @p0 AND e1.member_id = @p1)");
        groups.Parameters.Should().Equal(new SqlParameterValue("@p0", Tenant), new SqlParameterValue("@p1", "u-1"));
    }

    [Fact]
    public void Members_value_ne_is_its_negation()
    {
        groups.Translate(Ne(TestSchema.Group("members.value"), "u-1"))
            .Should().Be("NOT id IN (SELECT e1.group_id FROM members AS e1 WHERE e1.tenant = @p0 AND e1.member_id = @p1)");
    }

    [Fact]
    public void Members_without_a_sub_attribute_compares_the_member_value()
    {
        groups.Translate(Eq(Members, "u-1"))
            .Should().Be("id IN (SELECT e1.group_id FROM members AS e1 WHERE e1.tenant = @p0 AND e1.member_id = @p1)");
    }

    [Fact]
    public void A_members_value_path_tests_one_edge_with_a_canonical_type()
    {
        groups.Translate(Where(Members, And(Eq(MemberElement("type"), "user"), Ne(MemberElement("value"), "u-1"))))
            .Should().Be("id IN (SELECT e1.group_id FROM members AS e1 WHERE e1.tenant = @p0 AND (e1.member_type = @p1 AND NOT e1.member_id = @p2))");
        groups.Parameters.Select(p => p.Value).Should().Equal(Tenant, "User", "u-1");
    }

    [Fact]
    public void Members_pr_asks_for_any_edge_of_the_group()
    {
        groups.Translate(Pr(Members))
            .Should().Be("EXISTS (SELECT 1 FROM members AS e1 WHERE e1.tenant = @p0 AND e1.group_id = groups.id)");
        groups.Translate(Pr(TestSchema.Group("members.value")))
            .Should().Be("EXISTS (SELECT 1 FROM members AS e2 WHERE e2.tenant = @p0 AND e2.group_id = groups.id)");
        groups.Parameters.Should().ContainSingle();
    }

    [Fact]
    public void Groups_value_eq_selects_the_users_in_the_group_directly_or_through_nested_groups()
    {
        users.Translate(Eq(TestSchema.User("groups.value"), "g-1")).Should().Be(
            "id IN (WITH RECURSIVE e1(member_id, member_type) AS ("
            + "SELECT member_id, member_type FROM members WHERE tenant = @p0 AND group_id = @p1 "
            + "UNION SELECT e2.member_id, e2.member_type FROM members AS e2 JOIN e1 ON e2.group_id = e1.member_id "
            + "WHERE e2.tenant = @p0 AND e1.member_type = 'Group') "
            + "SELECT member_id FROM e1 WHERE member_type = 'User')");
        users.Parameters.Should().Equal(new SqlParameterValue("@p0", Tenant), new SqlParameterValue("@p1", "g-1"));
    }

    [Fact]
    public void Groups_value_ne_is_its_negation()
    {
        users.Translate(Ne(TestSchema.User("groups.value"), "g-1")).Should().StartWith("NOT id IN (WITH RECURSIVE e1");
    }

    [Fact]
    public void A_groups_value_path_with_or_unites_the_groups()
    {
        var value = TestSchema.Element(TestSchema.User("groups"), "value");

        var sql = users.Translate(Where(TestSchema.User("groups"), Or(Eq(value, "g-1"), Eq(value, "g-2"))));

        sql.Should().StartWith("(id IN (WITH RECURSIVE e1").And.Contain(") OR id IN (WITH RECURSIVE e3");
        users.Parameters.Select(p => p.Value).Should().Equal(Tenant, "g-1", "g-2");
    }

    [Fact]
    public void Groups_pr_asks_for_any_edge_to_the_user()
    {
        users.Translate(Pr(TestSchema.User("groups")))
            .Should().Be("EXISTS (SELECT 1 FROM members AS e1 INDEXED BY ix_members_member WHERE e1.tenant = @p0 AND e1.member_id = users.id AND e1.member_type = 'User')");
    }

    [Fact]
    public void Unsupported_membership_filters_throw_not_supported()
    {
        var groupsOfUser = TestSchema.User("groups");
        var filters = new (SqliteFilterTranslator Translator, BoundFilter Filter)[]
        {
            (groups, Eq(TestSchema.Group("members.display"), "Alice")),
            (groups, Co(TestSchema.Group("members.value"), "u-")),
            (groups, Where(Members, Pr(MemberElement("display")))),
            (users, Eq(TestSchema.User("groups.display"), "Sales")),
            (users, Eq(TestSchema.User("groups.type"), "direct")),
            (users, Sw(TestSchema.User("groups.value"), "g-")),
            (users, Where(groupsOfUser, And(Eq(TestSchema.Element(groupsOfUser, "value"), "g-1"), Eq(TestSchema.Element(groupsOfUser, "type"), "direct")))),
            (users, Where(groupsOfUser, Ne(TestSchema.Element(groupsOfUser, "value"), "g-1"))),
        };

        foreach (var (translator, filter) in filters)
        {
            var act = () => translator.Translate(filter);
            act.Should().Throw<NotSupportedException>(filter.ToString());
        }
    }

    [Fact]
    public void Sorting_by_a_membership_attribute_throws_not_supported()
    {
        var act = () => groups.SortKey(new SortSpec(TestSchema.Group("members.value"), Descending: false));

        act.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void A_membership_filter_needs_the_tenant()
    {
        var act = () => new SqliteFilterTranslator("Group").Translate(Eq(TestSchema.Group("members.value"), "u-1"));

        act.Should().Throw<InvalidOperationException>();
    }
}
