using MongoDB.Bson;
using ScimServer.Core.Filtering;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// Without a server, the least the corpus proves for MongoDB: every filter the SQLite store answers becomes a query
/// the driver can send (no NotSupportedException, no value the BSON encoder refuses), so none of them is a 500.
/// </summary>
public sealed class MongoFilterCorpusTranslationTests
{
    public static TheoryData<string, string> Cases => FilterCorpus.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_filter_of_the_corpus_becomes_a_query_the_driver_can_send(string filter, string expected)
    {
        _ = expected;
        var bound = ParsedFilter.User(filter);
        var membership = MongoFilterTranslator.MembershipNodes(bound).Distinct().Select((n, i) => (n, i)).ToDictionary(p => p.n, p => MembershipFilter.FieldOf(p.i));

        var query = new MongoFilterTranslator("User", membership).Query("acme", bound);

        query.ToBson().Should().NotBeEmpty();
    }
}
