using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>Renders driver definitions to BSON as the driver would send them (no server needed) and compares exactly.</summary>
internal static class Bson
{
    public static BsonDocument Render(FilterDefinition<BsonDocument> filter) =>
        filter.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry));

    public static BsonDocument Render(IndexKeysDefinition<BsonDocument> keys) =>
        keys.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry));

    public static BsonDocument Render(UpdateDefinition<BsonDocument> update) =>
        update.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry)).AsBsonDocument;

    public static IList<BsonDocument> Render(PipelineDefinition<BsonDocument, BsonDocument> pipeline) =>
        pipeline.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry)).Documents;

    /// <summary>Asserts equality and shows both documents as JSON when they differ.</summary>
    public static void ShouldBe(this BsonDocument actual, string expectedJson)
    {
        var expected = BsonDocument.Parse(expectedJson);
        actual.ToJson().Should().Be(expected.ToJson());
        actual.Equals(expected).Should().BeTrue();
    }
}
