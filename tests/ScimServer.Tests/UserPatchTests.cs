using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// PATCH /Users/{id} over HTTP with the bodies identity providers really send. Sources: Microsoft Entra ID,
/// "Tutorial: develop and plan provisioning for a SCIM endpoint" (request examples); Okta, "SCIM 2.0 provisioning"
/// guide. The PATCH engine's unit tests cover every operation in detail; these prove the wiring end to end.
/// </summary>
public sealed class UserPatchTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public UserPatchTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private async Task<ScimResponse> NewUserAsync() =>
        await _client.PostAsync("/Users", Users.EntraCreate($"patch-{Guid.NewGuid():N}@example.com", Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Entra_ID_disables_a_user_with_a_capitalised_replace_of_active_as_the_string_False()
    {
        // Entra ID tutorial, "Disable User".
        var user = await NewUserAsync();
        var body = JObject.Parse("""{"Operations":[{"op":"Replace","path":"active","value":"False"}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""");

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        response.ShouldBe(HttpStatusCode.OK);
        ((bool)response.Body!["active"]!).Should().BeFalse();
        response.ETag.Should().Be("W/\"2\"");
        ((bool)(await _client.GetAsync($"/Users/{user.Id}")).Body!["active"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Entra_ID_updates_attributes_with_a_path_less_replace_of_dotted_and_urn_keys()
    {
        var user = await NewUserAsync();
        var body = JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","value":{
              "name.givenName":"Ann","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Finance"}}]}
            """);

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        ((string?)response.Body!["name"]!["givenName"]).Should().Be("Ann");
        ((string?)response.Body["name"]!["familyName"]).Should().Be("User", "other sub-attributes stay");
        ((string?)response.Body[Users.EnterpriseSchema]!["department"]).Should().Be("Finance");
    }

    [Fact]
    public async Task Entra_ID_sets_the_manager_as_a_bare_id_and_adds_a_work_email()
    {
        var user = (await _client.PostAsync("/Users", Users.Minimal($"bare-{Guid.NewGuid():N}@example.com"))).Id;
        var body = JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2819c223"},
              {"op":"Add","path":"emails[type eq \"work\"].value","value":"ann@work.example"}]}
            """);

        var response = await _client.PatchAsync($"/Users/{user}", body);

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body![Users.EnterpriseSchema]!["manager"]!["value"]).Should().Be("2819c223");
        var email = response.Body["emails"]!.Single();
        ((string?)email["type"]).Should().Be("work");
        ((string?)email["value"]).Should().Be("ann@work.example");
    }

    [Fact]
    public async Task Okta_deactivates_with_a_path_less_replace()
    {
        // Okta SCIM 2.0 guide, "Update a specific User (PATCH)".
        var user = await NewUserAsync();
        var body = JObject.Parse("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}""");

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        ((bool)response.Body!["active"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Remove_with_a_value_filter_removes_every_value_it_matches()
    {
        var user = await _client.CreateUserAsync($"emails-{Guid.NewGuid():N}@example.com", u => u["emails"] = JArray.Parse("""
            [{"value":"first@work.example","type":"work","primary":true},{"value":"me@home.example","type":"home"},{"value":"second@work.example","type":"work"}]
            """));
        var body = JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"emails[type eq \"work\"]"}]}
            """);

        (await _client.PatchAsync($"/Users/{user.Id}", body)).ShouldBe(HttpStatusCode.OK);

        (await _client.GetAsync($"/Users/{user.Id}")).Body!["emails"]!.Select(e => (string?)e["value"]).Should().Equal("me@home.example");
    }

    [Fact]
    public async Task A_failing_operation_changes_nothing_even_after_successful_ones()
    {
        var user = await NewUserAsync();
        var body = Groups.Patch(
            Groups.Operation("replace", "displayName", "Changed"),
            Groups.Operation("replace", "id", "hijack"));

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        response.ShouldBeError(HttpStatusCode.BadRequest, "mutability");
        (await _client.GetAsync($"/Users/{user.Id}")).Body.ShouldEqualJson(user.Body);
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"shoeSize","value":1}]}""", "invalidPath")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove"}]}""", "noTarget")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"emails[type eq \"fax\"]"}]}""", "noTarget")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"jump","path":"active","value":true}]}""", "invalidSyntax")]
    [InlineData("""{"Operations":[{"op":"replace","path":"active","value":true}]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":"perhaps"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"userName"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[type eq ]","value":"x"}]}""", "invalidFilter")]
    public async Task An_invalid_patch_is_400_with_its_scimType_and_changes_nothing(string body, string scimType)
    {
        var user = await NewUserAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        response.ShouldBeError(HttpStatusCode.BadRequest, scimType);
        (await _client.GetAsync($"/Users/{user.Id}")).Body.ShouldEqualJson(user.Body);
    }

    [Theory]
    [InlineData("""{"op":"replace","path":"title"}""")]
    [InlineData("""{"op":"add","path":"title"}""")]
    [InlineData("""{"op":"Replace","path":"emails"}""")]
    [InlineData("""{"op":"add","path":"emails[type eq \"work\"].value"}""")]
    [InlineData("""{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}""")]
    [InlineData("""{"op":"add","path":"urn:ietf:params:scim:schemas:extension:access:2.0:User:roles[value eq \"Developer\"]"}""")]
    [InlineData("""{"op":"replace"}""")]
    public async Task An_add_or_replace_without_a_value_is_invalidValue_and_changes_nothing(string operation)
    {
        // RFC 7644 §3.5.2.1 and §3.5.2.3: add and replace MUST contain a "value" member.
        var user = await NewUserWithTitleAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(JObject.Parse(operation)));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        await ShouldBeUnchangedAsync(user);
    }

    [Theory]
    [InlineData("add", "emails", "[]")]
    [InlineData("add", "emails[type eq \"work\"]", "{}")]
    [InlineData("add", "name", "{}")]
    [InlineData("add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "{}")]
    [InlineData("remove", "emails", "[]")]
    public async Task An_operation_whose_value_names_nothing_changes_nothing(string op, string path, string value)
    {
        var user = await NewUserWithTitleAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation(op, path, JToken.Parse(value))));

        response.ShouldBe(HttpStatusCode.OK);
        await ShouldBeUnchangedAsync(user);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("replace")]
    public async Task An_extension_urn_path_takes_a_value_that_carries_its_schemas(string op)
    {
        var user = await NewUserWithTitleAsync();
        var body = Groups.Patch(Groups.Operation(op, Users.EnterpriseSchema,
            JObject.Parse("""{"schemas":["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"employeeNumber":"7"}""")));

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body![Users.EnterpriseSchema]!["employeeNumber"]).Should().Be("7");
        ((string?)response.Body[Users.EnterpriseSchema]!["department"]).Should().Be("Engineering");
    }

    [Fact]
    public async Task An_unknown_attribute_in_the_value_of_an_extension_urn_path_is_invalidValue_and_changes_nothing()
    {
        var user = await NewUserWithTitleAsync();
        var body = Groups.Patch(Groups.Operation("add", Users.EnterpriseSchema, JObject.Parse("""{"employeeNumber":"7","shoeSize":42}""")));

        var response = await _client.PatchAsync($"/Users/{user.Id}", body);

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        ((string?)response.Body!["detail"]).Should().Contain("'shoeSize'");
        await ShouldBeUnchangedAsync(user);
    }

    private async Task ShouldBeUnchangedAsync(ScimResponse created)
    {
        var current = (await _client.GetAsync($"/Users/{created.Id}")).Body!;
        JToken.DeepEquals(current, created.Body).Should().BeTrue($"the user is unchanged, not {current}");
    }

    private async Task<ScimResponse> NewUserWithTitleAsync()
    {
        var body = Users.EntraCreate($"patch-{Guid.NewGuid():N}@example.com", Guid.NewGuid().ToString("N"));
        body["title"] = "Tour Guide";
        return await _client.PostAsync("/Users", body);
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_is_412()
    {
        var user = await NewUserAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "active", false)),
            r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"9\""));

        response.ShouldBeError(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Patch_of_an_unknown_user_is_404()
    {
        (await _client.PatchAsync("/Users/nobody", Groups.Patch(Groups.Operation("replace", "active", false)))).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_can_answer_204_when_asked_for_a_minimal_return()
    {
        var user = await NewUserAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "title", "CTO")),
            r => r.Headers.TryAddWithoutValidation("Prefer", "return=minimal"));

        response.Status.Should().Be(HttpStatusCode.NoContent);
        response.ETag.Should().Be("W/\"2\"");
    }

    [Fact]
    public async Task Changing_the_userName_to_a_taken_one_is_409()
    {
        var taken = (string)(await NewUserAsync()).Body!["userName"]!;
        var user = await NewUserAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "userName", taken.ToUpperInvariant())));

        response.ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
    }

    [Fact]
    public async Task A_password_set_by_patch_is_never_returned()
    {
        var user = await NewUserAsync();

        var response = await _client.PatchAsync($"/Users/{user.Id}", Groups.Patch(Groups.Operation("replace", "password", "S3cret-Passw0rd!")));

        response.ShouldBe(HttpStatusCode.OK);
        response.RawBody.Should().NotContain("S3cret-Passw0rd!").And.NotContain("password");
        response.ETag.Should().Be("W/\"2\"");
    }
}
