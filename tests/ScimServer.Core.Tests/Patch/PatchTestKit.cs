using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Patch;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Tests.Patch;

/// <summary>Runs PATCH requests through the reader and the engine against the real schemas.</summary>
internal static class PatchTestKit
{
    public const string EnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /// <summary>A small user as the server serves it; each test patches its own copy.</summary>
    public const string Babs = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"2819c223","userName":"bjensen",
         "name":{"familyName":"Jensen","givenName":"Barbara"},
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true}],
         "meta":{"resourceType":"User","version":"W/\"3\""}}
        """;

    private static readonly SchemaRegistry Registry = SchemaRegistry.LoadEmbedded();
    private static readonly PatchEngine Engine = new(new AttributeResolver(Registry));

    public static ResourceTypeDefinition User => Registry.GetResourceType("User");
    public static ResourceTypeDefinition Group => Registry.GetResourceType("Group");

    public static JObject Json(string json) => ScimJson.ParseObject(json);

    /// <summary>A PatchOp request around these operations (a JSON array).</summary>
    public static string Request(string operations) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""";

    public static ScimResult<PatchResult> Run(ResourceTypeDefinition resourceType, string document, string request)
    {
        var operations = PatchRequestReader.Read(Json(request));
        return operations.IsSuccess
            ? Engine.Apply(resourceType, Json(document), operations.Value)
            : operations.Error;
    }

    public static PatchResult PatchResource(ResourceTypeDefinition resourceType, string document, string request)
    {
        var result = Run(resourceType, document, request);
        result.IsSuccess.Should().BeTrue(result.Error?.Detail);
        return result.Value!;
    }

    public static JObject PatchUser(string document, string request) => PatchResource(User, document, request).Document;

    public static ScimError Fails(ResourceTypeDefinition resourceType, string document, string request)
    {
        var result = Run(resourceType, document, request);
        result.IsSuccess.Should().BeFalse("the request should fail");
        return result.Error!;
    }

    public static void ShouldBeJson(this JToken actual, string expected)
    {
        using var reader = ScimJson.CreateReader(new StringReader(expected));
        var expectedToken = JToken.ReadFrom(reader);
        JToken.DeepEquals(actual, expectedToken).Should().BeTrue(
            "expected {0} but found {1}", expectedToken.ToString(Formatting.None), actual.ToString(Formatting.None));
    }
}
