using FluentAssertions;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// The walk from a member's direct edges to its groups (RFC 7643 §4.1.2 groups: direct and indirect), both on the
/// short path for groups that are in no group and on the full walk, with one scratch reused across members.
/// </summary>
public sealed class GroupGraphTests
{
    // sales and support are in no group; emea is in all-staff, which is in emea (a cycle).
    private static readonly GroupGraph Graph = new(new Dictionary<string, GroupGraph.Node>(StringComparer.Ordinal)
    {
        ["sales"] = new("Sales", []),
        ["support"] = new(null, []),
        ["emea"] = new("EMEA", ["all-staff"]),
        ["all-staff"] = new("All staff", ["emea"]),
    });

    [Fact]
    public void A_member_of_groups_in_no_group_gets_its_direct_groups_in_id_order()
    {
        var into = new List<GroupMembership>();

        Graph.TryWalk([("u1", "sales"), ("u1", "support")], into, new GroupGraph.Scratch()).Should().BeTrue();

        into.Should().Equal(new GroupMembership("u1", "sales", "Sales", true), new GroupMembership("u1", "support", null, true));
    }

    [Fact]
    public void A_member_of_a_nested_group_gets_the_groups_above_it_as_indirect_and_a_group_is_not_its_own_member()
    {
        var scratch = new GroupGraph.Scratch();
        var into = new List<GroupMembership>();

        Graph.TryWalk([("u1", "emea"), ("u1", "sales")], into, scratch).Should().BeTrue();
        Graph.TryWalk([("emea", "all-staff")], into, scratch).Should().BeTrue();

        into.Should().Equal(
            new GroupMembership("u1", "all-staff", "All staff", false),
            new GroupMembership("u1", "emea", "EMEA", true),
            new GroupMembership("u1", "sales", "Sales", true),
            new GroupMembership("emea", "all-staff", "All staff", true));
    }

    [Fact]
    public void An_edge_to_a_group_the_graph_does_not_know_fails_the_walk_with_nothing_appended()
    {
        var into = new List<GroupMembership>();

        Graph.TryWalk([("u1", "sales"), ("u1", "zz-new")], into, new GroupGraph.Scratch()).Should().BeFalse();

        into.Should().BeEmpty();
    }
}
