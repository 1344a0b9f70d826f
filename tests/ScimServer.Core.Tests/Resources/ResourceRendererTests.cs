using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Tests.Resources;

public sealed class ResourceRendererTests
{
    private static readonly SchemaRegistry Schemas = SchemaRegistry.LoadEmbedded();

    [Fact]
    public void A_detached_render_is_the_same_representation_and_takes_the_values_out_of_the_document()
    {
        var type = Schemas.GetResourceType("User");
        StoredResource Stored() => new()
        {
            Tenant = "acme",
            ResourceType = "User",
            Id = "u-1",
            Version = 3,
            Created = DateTimeOffset.UnixEpoch,
            LastModified = DateTimeOffset.UnixEpoch,
            ExternalId = "e-1",
            Document = ScimJson.ParseObject("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "externalId": "e-1", "userName": "ann",
                 "name": {"givenName": "Ann"}, "emails": [{"value": "ann@example.com", "primary": true}],
                 "ext": {"enterprise": {"department": "Sales", "manager": {"value": "u-2"}}}}
                """),
        };
        var kept = Stored();
        var taken = Stored();

        var copy = ResourceRenderer.Render(type, kept, "https://x/Users/u-1");
        var moved = ResourceRenderer.Render(type, taken, "https://x/Users/u-1", detach: true);

        JToken.DeepEquals(moved, copy).Should().BeTrue(moved.ToString());
        kept.Document["emails"].Should().NotBeNull("a copying render leaves the document as it was");
        taken.Document["emails"].Should().BeNull("a detached render moves the values");
        moved["emails"]![0]!["value"]!.Value<string>().Should().Be("ann@example.com");
    }
}
