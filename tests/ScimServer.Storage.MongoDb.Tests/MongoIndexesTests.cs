using MongoDB.Bson;
using MongoDB.Driver;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The index specifications InitializeAsync creates: keys, names, uniqueness and partial filters.</summary>
public sealed class MongoIndexesTests
{
    [Fact]
    public void Users_are_indexed_by_id_folded_user_name_external_id_email_and_last_modified()
    {
        Describe(MongoIndexes.Users).Should().Equal(
            """ux_tenant_id { "tenant" : 1, "id" : 1 } unique""",
            """ux_tenant_userNameKey { "tenant" : 1, "userNameKey" : 1 } unique partial { "userNameKey" : { "$type" : "string" } }""",
            """ix_tenant_externalId { "tenant" : 1, "externalId" : 1 }""",
            """ix_tenant_lastModified { "tenant" : 1, "meta.lastModified" : 1 }""",
            """ix_tenant_emails_value { "tenant" : 1, "doc.emails.value" : 1 }""");
    }

    [Fact]
    public void Groups_have_the_resource_indexes()
    {
        Describe(MongoIndexes.Groups).Should().Equal(Describe(MongoIndexes.Users).Take(4));
    }

    [Fact]
    public void Edges_are_unique_per_group_and_member_and_found_by_member()
    {
        Describe(MongoIndexes.Members).Should().Equal(
            """ux_tenant_group_member { "tenant" : 1, "groupId" : 1, "memberId" : 1 } unique""",
            """ix_tenant_member { "tenant" : 1, "memberId" : 1 }""");
    }

    [Fact]
    public void Tokens_are_unique_by_the_hash_of_their_secret()
    {
        Describe(MongoIndexes.Tokens).Should().Equal(
            """ux_sha256 { "sha256" : 1 } unique""",
            """ix_tenant { "tenant" : 1 }""");
    }

    [Fact]
    public void Every_collection_with_indexes_is_initialised()
    {
        MongoIndexes.All.Select(c => c.Collection).Should().Equal("users", "groups", "members", "tokens");
    }

    private static IEnumerable<string> Describe(IEnumerable<CreateIndexModel<BsonDocument>> indexes) => indexes.Select(index =>
    {
        var options = (CreateIndexOptions<BsonDocument>)index.Options;
        var text = $"{options.Name} {Bson.Render(index.Keys).ToJson()}";
        if (options.Unique == true)
        {
            text += " unique";
        }

        if (options.PartialFilterExpression is { } partial)
        {
            text += " partial " + Bson.Render(partial).ToJson();
        }

        return text;
    }).ToList();
}
