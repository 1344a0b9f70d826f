using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>A large membership change as a diff against the stored edges, in fenced batches of bounded size.</summary>
public sealed class MongoMembershipBatchTests
{
    [Fact]
    public void A_replace_of_all_members_deletes_the_ones_left_out_and_adds_or_retypes_only_what_differs()
    {
        var current = new Dictionary<string, string> { ["a"] = "User", ["b"] = "User", ["c"] = "Group" };
        var change = new MembershipChange { ReplaceAll = true, Add = [new MemberEdge("b"), new MemberEdge("c"), new MemberEdge("d")] };

        var diff = MembershipDiff.Of(current, [("b", "User"), ("c", "User"), ("d", "Group")], change);

        diff.Deletes.Should().Equal("a");
        diff.Upserts.Should().Equal(("c", "User"), ("d", "Group"));
    }

    [Fact]
    public void An_add_and_remove_without_replace_keeps_a_member_both_removed_and_added()
    {
        var change = new MembershipChange { Add = [new MemberEdge("a")], Remove = ["a", "z", "z"] };

        var diff = MembershipDiff.Of(new Dictionary<string, string>(), [("a", "User")], change);

        diff.Deletes.Should().Equal("z");
        diff.Upserts.Should().Equal(("a", "User"));
    }

    [Fact]
    public void A_diff_of_2500_writes_is_three_batches_of_at_most_a_thousand_deletions_first()
    {
        var diff = new MembershipDiff(
            [.. Enumerable.Range(0, 1_800).Select(i => ($"u{i:D4}", "User"))],
            [.. Enumerable.Range(0, 700).Select(i => $"x{i:D4}")]);

        var batches = diff.Batches(MongoScimStore.MembershipChunkSize);

        MongoScimStore.MembershipChunkSize.Should().Be(1_000);
        batches.Select(b => (b.Deletes.Count, b.Upserts.Count)).Should().Equal((700, 300), (0, 1_000), (0, 500));
        batches[0].Upserts[0].Should().Be(("u0000", "User"));
        batches[^1].Upserts[^1].Should().Be(("u1799", "User"));
    }

    [Fact]
    public void A_diff_with_nothing_to_write_still_has_the_batch_that_carries_the_version()
    {
        new MembershipDiff([], []).Batches(1_000).Should().ContainSingle().Which.Should().BeEquivalentTo(new MembershipBatch([], []));
    }

    [Fact]
    public void Each_batch_writes_the_group_at_the_version_the_diff_was_computed_from()
    {
        ResourceDocuments.ByIdAtVersion("acme", "g1", 4)
            .ShouldBe("""{ "tenant": "acme", "id": "g1", "meta.version": { "$numberLong": "4" } }""");
        ResourceDocuments.MembershipBatchFence.ShouldBe("""{ "$inc": { "membershipBatches": { "$numberLong": "1" } } }""");
        EdgeDocuments.OfGroup("acme", "g1").ShouldBe("""{ "tenant": "acme", "groupId": "g1" }""");
    }
}
