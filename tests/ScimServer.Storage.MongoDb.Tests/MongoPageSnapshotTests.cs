using MongoDB.Bson;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// A list page and what it shows besides its documents (a group's members, a user's groups, their display names) are
/// read in one snapshot session, so another instance's write between the reads cannot show a member the page's
/// group did not have (run against a recording client, no server).
/// </summary>
public sealed class MongoPageSnapshotTests
{
    private readonly RecordingMongo mongo = new();
    private readonly MongoScimStore store;

    public MongoPageSnapshotTests()
    {
        store = new MongoScimStore(mongo.Client, "scim", SchemaRegistry.LoadEmbedded(), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_page_of_groups_its_count_its_members_and_their_display_names_are_read_in_one_snapshot_session()
    {
        var sales = Group("acme", "Sales", id: "g1");
        var staff = Group("acme", "Staff", id: "g2");
        mongo.Answer = (collection, method, sent) => (collection, method) switch
        {
            ("groups", "AggregateAsync") when IsCount(sent) => [new BsonDocument("n", 5)],
            ("groups", "AggregateAsync") => [ResourceDocuments.ToDocument(sales), ResourceDocuments.ToDocument(staff)],
            ("members", "FindAsync") => [Edge("g1", "u1", "User")],
            ("users", "FindAsync") => [new BsonDocument { { "id", "u1" }, { "doc", new BsonDocument("userName", "alice") } }],
            _ => [],
        };

        var page = await store.QueryAsync(new ResourceQuery
        {
            Tenant = "acme", ResourceType = "Group", Filter = ParsedFilter.Group("members.value eq \"u1\""), Limit = 1, WithMembership = true,
        });

        page.TotalResults.Should().Be(5);
        page.Members.Should().Equal(new GroupMember("g1", "u1", "User", "alice"));
        ShouldAllBeInOneSnapshotSession(("groups", "AggregateAsync"), ("groups", "AggregateAsync"), ("members", "FindAsync"), ("users", "FindAsync"));
    }

    [Fact]
    public async Task A_page_of_users_the_nested_groups_its_filter_follows_and_their_groups_are_read_in_one_snapshot_session()
    {
        var alice = User("acme", "alice", id: "u1");
        mongo.Answer = (collection, method, sent) => (collection, method) switch
        {
            ("users", "AggregateAsync") => [ResourceDocuments.ToDocument(alice)],
            ("members", "FindAsync") when sent.ToJson().Contains("\"memberId\" : { \"$in\" : [\"u1\"]", StringComparison.Ordinal) => [Edge("g1", "u1", "User")],
            ("groups", "FindAsync") => [new BsonDocument { { "id", "g1" }, { "doc", new BsonDocument("displayName", "Sales") } }],
            _ => [],
        };

        var page = await store.QueryAsync(new ResourceQuery
        {
            Tenant = "acme", ResourceType = "User", Filter = ParsedFilter.User("groups.value eq \"g1\""), Limit = 10, WithMembership = true,
        });

        page.Groups.Should().Equal(new GroupMembership("u1", "g1", "Sales", Direct: true));
        ShouldAllBeInOneSnapshotSession(
            ("members", "FindAsync"), ("users", "AggregateAsync"), ("members", "FindAsync"), ("members", "FindAsync"), ("groups", "FindAsync"));
    }

    [Fact]
    public async Task Without_membership_asked_for_a_page_reads_no_edge()
    {
        mongo.Answer = (collection, method, _) => (collection, method) switch
        {
            ("groups", "AggregateAsync") => [ResourceDocuments.ToDocument(Group("acme", "Sales", id: "g1"))],
            _ => [],
        };

        var page = await store.QueryAsync(new ResourceQuery { Tenant = "acme", ResourceType = "Group", Limit = 10 });

        page.Members.Should().BeNull();
        mongo.Calls.Select(c => (c.Collection, c.Method)).Should().Equal(("groups", "AggregateAsync"));
    }

    private void ShouldAllBeInOneSnapshotSession(params (string Collection, string Method)[] calls)
    {
        mongo.Calls.Select(c => (c.Collection, c.Method)).Should().Equal(calls);
        var (session, options) = mongo.Sessions.Should().ContainSingle().Subject;
        options!.Snapshot.Should().BeTrue();
        mongo.Calls.Should().OnlyContain(c => ReferenceEquals(c.Session, session));
    }

    private static bool IsCount(BsonValue sent) => sent.ToJson().Contains("\"$count\"", StringComparison.Ordinal);

    private static BsonDocument Edge(string groupId, string memberId, string memberType) =>
        new() { { "tenant", "acme" }, { "groupId", groupId }, { "memberId", memberId }, { "memberType", memberType } };
}
