using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// The time-ordered floor of audit sequences (the tenant counter never goes below it): strictly ascending per instance, exact in JSON, and a
/// collision between two instances run again instead of being answered as a conflict.
/// </summary>
public sealed class MongoAuditSequenceTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sequence_is_the_milliseconds_since_the_epoch_above_an_eleven_bit_tie_breaker()
    {
        var sequences = new AuditSequences(new Clock(Noon), () => 5);

        var sequence = sequences.Take();

        sequence.Should().Be(((long)(Noon - AuditSequences.Epoch).TotalMilliseconds << 11) + 5);
        AuditSequences.TimeOf(sequence).Should().Be(Noon);
    }

    [Fact]
    public void Sequences_of_one_instance_ascend_strictly_within_a_millisecond_whatever_the_tie_breaker_draws()
    {
        var draws = new Queue<int>([900, 3, 2047, 0]);
        var sequences = new AuditSequences(new Clock(Noon), () => draws.Dequeue());

        var taken = Enumerable.Range(0, 4).Select(_ => sequences.Take()).ToList();

        taken.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        taken.Should().Equal(taken[0], taken[0] + 1, taken[0] + 1147, taken[0] + 1148);
    }

    [Fact]
    public void A_later_millisecond_gives_a_greater_sequence()
    {
        var clock = new Clock(Noon);
        var sequences = new AuditSequences(clock, () => 2047);
        var first = sequences.Take();

        clock.Advance(TimeSpan.FromMilliseconds(1));

        sequences.Take().Should().Be(first + 2048);
    }

    [Fact]
    public void A_block_for_a_batch_is_consecutive_and_the_next_sequence_follows_it()
    {
        var sequences = new AuditSequences(new Clock(Noon), () => 0);

        var first = sequences.Take(3);

        sequences.Take().Should().Be(first + 3);
    }

    [Fact]
    public void Sequences_stay_exact_json_numbers_for_javascript_for_over_a_century()
    {
        var sequences = new AuditSequences(new Clock(new DateTimeOffset(2150, 1, 1, 0, 0, 0, TimeSpan.Zero)), () => 2047);

        sequences.Take().Should().BeLessThan(1L << 53);
    }

    [Fact]
    public void A_duplicate_key_on_the_sequence_index_is_a_collision_to_run_again_not_a_conflict()
    {
        var collision = DuplicateKey("""index: ux_tenant_sequence dup key: { tenant: "acme", sequence: 1234 }""");

        MongoScimStore.IsDuplicateKey(collision).Should().BeTrue();
        MongoScimStore.IsSequenceCollision(collision).Should().BeTrue();
    }

    [Fact]
    public void A_duplicate_key_on_a_tenants_audit_counter_created_twice_at_once_is_run_again_not_a_conflict()
    {
        var collision = DuplicateKey("""index: _id_ dup key: { _id: "acme" }""", "scim.auditCounters");

        MongoScimStore.IsSequenceCollision(collision).Should().BeTrue();
    }

    [Fact]
    public void A_duplicate_key_on_the_id_of_another_collection_stays_a_conflict()
    {
        MongoScimStore.IsSequenceCollision(DuplicateKey("""index: _id_ dup key: { _id: "acme" }""", "scim.tenants")).Should().BeFalse();
    }

    [Fact]
    public void A_duplicate_key_on_a_resource_index_stays_a_conflict()
    {
        var taken = DuplicateKey("""index: ux_tenant_userNameKey dup key: { tenant: "acme", userNameKey: "alice" }""");

        MongoScimStore.IsDuplicateKey(taken).Should().BeTrue();
        MongoScimStore.IsSequenceCollision(taken).Should().BeFalse();
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    /// <summary>An E11000 as the server reports it for an insert inside a transaction.</summary>
    private static MongoCommandException DuplicateKey(string detail, string collection = "scim.audit")
    {
        var connection = new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017)));
        var result = new BsonDocument
        {
            { "ok", 0 },
            { "code", 11000 },
            { "codeName", "DuplicateKey" },
            { "errmsg", $"E11000 duplicate key error collection: {collection} " + detail },
        };
        return new MongoCommandException(connection, result["errmsg"].AsString, new BsonDocument("insert", "audit"), result);
    }
}
