using MongoDB.Bson;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The start-up decision on the <c>hello</c> reply: transactions need a replica set or a sharded cluster.</summary>
public sealed class MongoDeploymentTests
{
    [Fact]
    public void A_replica_set_member_runs_transactions()
    {
        MongoDeployment.TransactionSupportError(BsonDocument.Parse("""{ "isWritablePrimary": true, "setName": "rs0", "ok": 1 }""")).Should().BeNull();
    }

    [Fact]
    public void A_mongos_runs_transactions()
    {
        MongoDeployment.TransactionSupportError(BsonDocument.Parse("""{ "isWritablePrimary": true, "msg": "isdbgrid", "ok": 1 }""")).Should().BeNull();
    }

    [Fact]
    public void A_standalone_server_is_refused_with_what_to_do()
    {
        var error = MongoDeployment.TransactionSupportError(BsonDocument.Parse("""{ "isWritablePrimary": true, "maxWireVersion": 25, "ok": 1 }"""));

        error.Should().Contain("standalone").And.Contain("--replSet").And.Contain("replicaSet=rs0");
    }

    [Fact]
    public void Every_list_read_carries_the_configured_time_limit()
    {
        using var store = new MongoScimStore(new MongoStoreOptions
        {
            ConnectionString = "mongodb://127.0.0.1:1/?replicaSet=rs0",
            OperationTimeout = TimeSpan.FromSeconds(7),
        });

        store.AggregateOptions().MaxTime.Should().Be(TimeSpan.FromSeconds(7));
        store.CountOptions().MaxTime.Should().Be(TimeSpan.FromSeconds(7));
    }
}
