using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>Schema validation of POST / PUT bodies: the right status and scimType, and nothing written.</summary>
public sealed class UserValidationTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public UserValidationTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","favouriteColour":"blue"}""", "invalidSyntax" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","name":{"nickname2":"x"}}""", "invalidSyntax" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"shoeSize":42}}""", "invalidSyntax" },
        { """{"userName":"{u}"}""", "invalidSyntax" },
        { """{"schemas":"urn:ietf:params:scim:schemas:core:2.0:User","userName":"{u}"}""", "invalidSyntax" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"{u}"}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":123}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","active":"yes"}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","active":1}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","emails":"a@b.c"}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","name":"Ann"}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","emails":[{"value":"a@x.org","primary":true},{"value":"b@x.org","primary":true}]}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"No Name"}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"   "}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","password":""}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{u}","userName":"{u}"}""", "invalidSyntax" },
        { """["urn:ietf:params:scim:schemas:core:2.0:User"]""", "invalidSyntax" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_user_is_rejected_with_its_scimType_and_nothing_is_created(string body, string scimType)
    {
        var userName = $"invalid-{Guid.NewGuid():N}@example.com";

        var response = await _client.PostAsync("/Users", body.Replace("{u}", userName, StringComparison.Ordinal));

        response.ShouldBeError(HttpStatusCode.BadRequest, scimType);
        (await _client.GetAsync($"/Users?filter=userName eq \"{userName}\"")).TotalResults.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_replacement_is_rejected_and_the_user_is_unchanged(string body, string scimType)
    {
        var created = await _client.CreateUserAsync($"valid-{Guid.NewGuid():N}@example.com");

        var response = await _client.PutAsync($"/Users/{created.Id}", body.Replace("{u}", (string)created.Body!["userName"]!, StringComparison.Ordinal));

        response.ShouldBeError(HttpStatusCode.BadRequest, scimType);
        (await _client.GetAsync($"/Users/{created.Id}")).Body.ShouldEqualJson(created.Body);
    }

    [Fact]
    public async Task Attribute_names_are_case_insensitive_and_come_back_in_schema_spelling()
    {
        var body = JObject.Parse($$"""
            {"SCHEMAS":["urn:ietf:params:scim:schemas:core:2.0:User"],"USERNAME":"case-{{Guid.NewGuid():N}}@example.com",
             "Name":{"GIVENNAME":"Ann"},"Emails":[{"VALUE":"ann@example.com","Type":"work"}]}
            """);

        var response = await _client.PostAsync("/Users", body);

        response.ShouldBe(HttpStatusCode.Created);
        ((string?)response.Body!["name"]!["givenName"]).Should().Be("Ann");
        ((string?)response.Body["emails"]![0]!["value"]).Should().Be("ann@example.com");
        response.Body["userName"].Should().NotBeNull();
    }

    [Fact]
    public async Task Okta_create_with_an_empty_read_only_groups_and_an_unknown_schema_urn_is_accepted()
    {
        // Okta, "Okta and SCIM Version 2.0", Create Users: the body carries "groups": []. Unknown URNs in schemas
        // are dropped (Entra ID lists its ADSCIM URN on groups).
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:unknown"],"userName":"okta-{{Guid.NewGuid():N}}@example.com",
             "name":{"givenName":"Ann","familyName":"Lee"},"emails":[{"primary":true,"value":"ann@example.com","type":"work"}],
             "displayName":"Ann Lee","locale":"en-US","externalId":"00u1","groups":[],"password":"1mPassword!","active":true}
            """);

        var response = await _client.PostAsync("/Users", body);

        response.ShouldBe(HttpStatusCode.Created);
        response.Body!["schemas"]!.Values<string>().Should().NotContain("urn:example:unknown");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task A_read_only_groups_value_is_ignored_on_create_and_on_replace(string method)
    {
        // RFC 7644 §3.3 (create) and §3.5.1 (replace): values of read-only attributes in a request body SHALL be ignored.
        var userName = $"ro-{Guid.NewGuid():N}@example.com";
        var body = JObject.Parse($$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}",
             "groups":[{"value":"g1","$ref":"https://example.com/v2/Groups/g1","display":"Tour Guides"}]}
            """);

        var response = method == "POST"
            ? await _client.PostAsync("/Users", body)
            : await _client.PutAsync($"/Users/{(await _client.CreateUserAsync(userName)).Id}", body);

        response.ShouldBe(method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK);
        response.Body!["groups"].Should().BeNull();
    }

    [Fact]
    public async Task Booleans_sent_as_strings_are_read_as_booleans()
    {
        var response = await _client.CreateUserAsync($"bool-{Guid.NewGuid():N}@example.com", u => u["active"] = "False");

        ((bool)response.Body!["active"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Read_only_sub_attributes_that_clients_echo_back_are_ignored()
    {
        var response = await _client.CreateUserAsync($"mgr-{Guid.NewGuid():N}@example.com", u =>
            u[Users.EnterpriseSchema] = JObject.Parse("""{"manager":{"value":"m-9","displayName":"Boss"}}"""));

        ((string?)response.Body![Users.EnterpriseSchema]!["manager"]!["value"]).Should().Be("m-9");
        response.Body[Users.EnterpriseSchema]!["manager"]!["displayName"].Should().BeNull();
    }
}
