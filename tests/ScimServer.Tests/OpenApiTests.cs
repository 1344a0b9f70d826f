using System.Net;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The two OpenAPI 3 documents NSwag serves (<c>/openapi/scim.json</c>, <c>/openapi/admin.json</c>) describe every
/// endpoint with its real statuses, parameters, bodies and schemas, and the Swagger UI at <c>/docs</c> shows them.
/// </summary>
public sealed class OpenApiTests : IClassFixture<ScimServerFactory>
{
    private const string ScimJson = "application/scim+json";
    private readonly ScimServerFactory _factory;

    public OpenApiTests(ScimServerFactory factory) => _factory = factory;

    [Fact]
    public async Task Both_documents_are_openapi_3_that_nswag_reads_with_a_bearer_scheme_and_client_credentials_at_the_real_token_url()
    {
        foreach (var name in new[] { "scim", "admin" })
        {
            var document = await DocumentAsync(name);

            document.OpenApi.Should().StartWith("3.");
            var bearer = document.Components.SecuritySchemes["bearer"];
            bearer.Type.Should().Be(OpenApiSecuritySchemeType.Http);
            bearer.Scheme.Should().Be("bearer");
            var oauth = document.Components.SecuritySchemes["oauth2"];
            oauth.Type.Should().Be(OpenApiSecuritySchemeType.OAuth2);
            oauth.Flows.ClientCredentials.TokenUrl.Should().Be("http://localhost/oauth/token");
        }
    }

    [Fact]
    public async Task Every_mapped_route_and_method_of_the_server_is_in_one_of_the_two_documents()
    {
        var scim = await DocumentAsync("scim");
        var admin = await DocumentAsync("admin");
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        endpoints.Should().HaveCountGreaterThan(50);

        // The User Management page's own calls (cookie session, /admin/ui) are its private API, left out of both
        // documents; nothing else may be.
        var undocumented = endpoints.Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true).ToList();
        undocumented.Should().OnlyContain(e => e.RoutePattern.RawText!.StartsWith("/admin/ui/"));
        foreach (var endpoint in endpoints.Except(undocumented))
        {
            // MapGroup("/Users").MapGet("") is /Users/ in the pattern; ASP.NET Core routes it without the slash too.
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var item = scim.Paths.TryGetValue(path, out var inScim) ? inScim : admin.Paths.TryGetValue(path, out var inAdmin) ? inAdmin : null;
            item.Should().NotBeNull($"{path} is mapped");

            // Health checks answer any method; the documents describe the GET that probes send.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                item!.Keys.Should().Contain(method.ToLowerInvariant(), $"{method} {path} is mapped");
            }
        }

        scim.Paths.Keys.Should().OnlyContain(p => p.StartsWith("/scim/v2/") || p.StartsWith("/tenants/{tenant}/scim/v2/"));
        admin.Paths.Keys.Should().NotContain(p => p.Contains("/scim/v2"));
        admin.Paths.Keys.Should().Contain(["/admin/tenants", "/oauth/token", "/health/ready"]);
    }

    [Fact]
    public async Task Each_operation_documents_its_real_status_codes_query_parameters_and_headers()
    {
        var scim = await DocumentAsync("scim");

        var create = Operation(scim, "/scim/v2/Users", "post");
        create.Responses.Keys.Should().Contain(["201", "400", "401", "403", "409", "413"]).And.NotContain("200");
        create.Responses["201"].Headers.Keys.Should().Contain(["ETag", "Location"]);

        var get = Operation(scim, "/scim/v2/Users/{id}", "get");
        get.Responses.Keys.Should().Contain(["200", "304", "401", "403", "404"]);
        get.Responses["200"].Headers.Keys.Should().Contain("ETag");
        get.Parameters.Should().Contain(p => p.Name == "If-None-Match" && p.Kind == OpenApiParameterKind.Header);

        var replace = Operation(scim, "/scim/v2/Users/{id}", "put");
        replace.Responses.Keys.Should().Contain(["200", "400", "404", "409", "412", "413"]);
        replace.Parameters.Should().Contain(p => p.Name == "If-Match" && p.Kind == OpenApiParameterKind.Header);

        Operation(scim, "/scim/v2/Groups/{id}", "patch").Responses.Keys.Should().Contain(["204", "412"]);
        Operation(scim, "/scim/v2/Users/{id}", "delete").Responses.Keys.Should().Contain(["204", "404", "412"]).And.NotContain("200");
        Operation(scim, "/scim/v2/Bulk", "post").Responses.Keys.Should().Contain("413");

        var list = Operation(scim, "/scim/v2/Users", "get");
        list.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query).Select(p => p.Name).Should().BeEquivalentTo(
            ["filter", "sortBy", "sortOrder", "startIndex", "count", "cursor", "attributes", "excludedAttributes"]);

        var forTenant = Operation(scim, "/tenants/{tenant}/scim/v2/Users/{id}", "get");
        forTenant.Parameters.Where(p => p.Kind == OpenApiParameterKind.Path).Select(p => p.Name).Should().BeEquivalentTo(["tenant", "id"]);
        forTenant.OperationId.Should().NotBe(get.OperationId);

        var token = Operation(await DocumentAsync("admin"), "/oauth/token", "post");
        token.Security.Should().BeNullOrEmpty("the token endpoint takes client credentials, not a bearer token");
        list.Security.SelectMany(requirement => requirement.Keys).Should().BeEquivalentTo(["bearer", "oauth2"]);
        Operation(await DocumentAsync("admin"), "/admin/tenants", "post").Security.SelectMany(r => r.Keys).Should().BeEquivalentTo(["bearer", "oauth2"]);
        token.RequestBody.Content.Keys.Should().Contain("application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task Every_scim_write_has_an_example_body_that_its_own_schema_accepts()
    {
        var scim = await DocumentAsync("scim");
        var writes = scim.Operations.Where(o => o.Method is "post" or "put" or "patch").ToList();

        writes.Should().NotBeEmpty();
        foreach (var write in writes)
        {
            var media = write.Operation.RequestBody?.Content[ScimJson];
            media.Should().NotBeNull($"{write.Method} {write.Path} takes a body");
            media!.Example.Should().NotBeNull($"{write.Method} {write.Path} has an example");
            var example = JToken.FromObject(media.Example!).ToString();
            media.Schema.ActualSchema.Validate(example).Should().BeEmpty($"the example of {write.Method} {write.Path} is valid");
        }

        var createUser = Operation(scim, "/scim/v2/Users", "post").RequestBody.Content[ScimJson];
        ((string?)JToken.FromObject(createUser.Example!)["userName"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Real_users_groups_lists_and_errors_validate_against_the_schemas_in_the_document()
    {
        var scim = await DocumentAsync("scim");
        var client = _factory.CreateScimClient();
        var user = await client.PostAsync("/Users", Users.EntraCreate("schema.check@contoso.com", "ext-schema-check"));
        user.ShouldBe(HttpStatusCode.Created);
        var group = await client.PostAsync("/Groups", Groups.New("Schema checkers", user.Id));
        group.ShouldBe(HttpStatusCode.Created);

        var readUser = await client.GetAsync($"/Users/{user.Id}");
        var readGroup = await client.GetAsync($"/Groups/{group.Id}");
        var users = await client.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"schema.check@contoso.com\""));
        var groups = await client.GetAsync("/Groups");
        var missing = await client.GetAsync("/Users/no-such-user");

        ((JArray)readUser.Body!["groups"]!).Should().NotBeEmpty("the user's groups are part of what is validated");
        ((JArray)readGroup.Body!["members"]!).Should().NotBeEmpty();
        users.TotalResults.Should().Be(1);
        missing.ShouldBeError(HttpStatusCode.NotFound);
        Validate(ResponseSchema(scim, "/scim/v2/Users/{id}", "get", "200"), readUser);
        Validate(ResponseSchema(scim, "/scim/v2/Groups/{id}", "get", "200"), readGroup);
        Validate(ResponseSchema(scim, "/scim/v2/Users", "get", "200"), users);
        Validate(ResponseSchema(scim, "/scim/v2/Groups", "get", "200"), groups);
        Validate(ResponseSchema(scim, "/scim/v2/Users/{id}", "get", "404"), missing);
        Validate(ResponseSchema(scim, "/scim/v2/Users", "post", "201"), user);
    }

    [Fact]
    public async Task Real_admin_api_responses_validate_against_the_typed_schemas_of_the_admin_document()
    {
        var admin = await DocumentAsync("admin");
        var client = new AdminClient(_factory.CreateClient());
        var tenant = $"docs{Guid.NewGuid():N}"[..14];

        var created = await client.PostAsync("/admin/tenants", JObject.Parse(
            $$"""{ "id": "{{tenant}}", "name": "Docs", "organizations": ["north"], "roles": [{ "name": "Auditor" }], "firstAdmin": { "userName": "owner@docs.example", "displayName": "Owner" } }"""));
        created.ShouldBe(HttpStatusCode.Created);
        created.Body!["firstAdmin"].Should().NotBeNull("the first administrator is part of what is validated");
        var token = await client.PostAsync($"/admin/tenants/{tenant}/tokens", JObject.Parse("""{ "name": "entra", "expiresInDays": 30 }"""));
        token.ShouldBe(HttpStatusCode.Created);
        var oauthClient = await client.PostAsync($"/admin/tenants/{tenant}/clients", JObject.Parse("""{ "name": "okta" }"""));
        oauthClient.ShouldBe(HttpStatusCode.Created);
        (await client.DeleteAsync($"/admin/tenants/{tenant}/tokens/{(string)token.Body!["id"]!}")).Status.Should().Be(HttpStatusCode.NoContent);

        AdminValidate(admin, "/admin/tenants", "post", "201", created);
        AdminValidate(admin, "/admin/tenants/{id}/tokens", "post", "201", token);
        AdminValidate(admin, "/admin/tenants/{id}/clients", "post", "201", oauthClient);
        AdminValidate(admin, "/admin/tenants", "get", "200", await client.GetAsync("/admin/tenants"));
        AdminValidate(admin, "/admin/tenants/{id}", "get", "200", await client.GetAsync($"/admin/tenants/{tenant}"));
        AdminValidate(admin, "/admin/tenants/{id}", "patch", "200", await client.PatchAsync($"/admin/tenants/{tenant}", JObject.Parse("""{ "defaultRoles": ["Auditor"] }""")));
        var tokens = await client.GetAsync($"/admin/tenants/{tenant}/tokens");
        ((JArray)tokens.Body!["tokens"]!).Should().Contain(t => t["revoked"] != null, "a revoked token is part of what is validated");
        AdminValidate(admin, "/admin/tenants/{id}/tokens", "get", "200", tokens);
        AdminValidate(admin, "/admin/tenants/{id}/clients", "get", "200", await client.GetAsync($"/admin/tenants/{tenant}/clients"));
        var audit = await client.GetAsync($"/admin/tenants/{tenant}/audit");
        ((JArray)audit.Body!["entries"]!).Should().NotBeEmpty();
        AdminValidate(admin, "/admin/tenants/{id}/audit", "get", "200", audit);
        AdminValidate(admin, "/admin/service-accounts", "get", "200", await client.GetAsync("/admin/service-accounts?userName=owner@docs.example"));

        var streams = $"/admin/tenants/{tenant}/event-streams";
        var push = await client.PostAsync(streams, JObject.Parse("""{ "delivery": "push", "endpoint": "https://receiver.example/events", "authorization": "Bearer x" }"""));
        var poll = await client.PostAsync(streams, JObject.Parse("""{ "delivery": "poll", "events": ["urn:ietf:params:scim:event:prov:create:notice"] }"""));
        AdminValidate(admin, "/admin/tenants/{id}/event-streams", "post", "201", push);
        AdminValidate(admin, "/admin/tenants/{id}/event-streams", "post", "201", poll);
        AdminValidate(admin, "/admin/tenants/{id}/event-streams", "get", "200", await client.GetAsync(streams));
        AdminValidate(admin, "/admin/tenants/{id}/event-streams/{streamId}", "get", "200", await client.GetAsync($"{streams}/{poll.Id}"));
        AdminValidate(admin, "/admin/tenants/{id}/event-streams/{streamId}", "patch", "200", await client.PatchAsync($"{streams}/{push.Id}", JObject.Parse("""{ "paused": true }""")));
        var status = await client.GetAsync($"{streams}/{push.Id}/status");
        status.Body!["lastDelivered"]!.Type.Should().Be(JTokenType.Null, "a null of the status is part of what is validated");
        AdminValidate(admin, "/admin/tenants/{id}/event-streams/{streamId}/status", "get", "200", status);
        await new ScimClient(_factory.CreateClient(), ScimServerFactory.AdminToken, $"/tenants/{tenant}/scim/v2").CreateUserAsync("evented@docs.example");
        var sets = await client.PostAsync(new Uri((string)poll.Body!["pollUrl"]!).PathAndQuery, JObject.Parse("""{ "returnImmediately": true, "maxEvents": 1 }"""));
        ((JObject)sets.Body!["sets"]!).Should().NotBeEmpty("a SET is part of what is validated");
        AdminValidate(admin, "/events/{tenant}/{streamId}", "post", "200", sets);
        AdminValidate(admin, "/.well-known/jwks.json", "get", "200", await client.GetAsync("/.well-known/jwks.json"));
        (await client.DeleteAsync($"{streams}/{push.Id}")).Status.Should().Be(HttpStatusCode.NoContent);
        Operation(admin, "/admin/tenants/{id}/event-streams/{streamId}", "delete").Responses.Keys.Should().Contain(["204", "404"]);
        Operation(admin, "/events/{tenant}/{streamId}", "post").Responses.Keys.Should().Contain(["200", "400", "401", "404"]);
    }

    [Fact]
    public async Task Every_admin_write_with_a_body_has_a_typed_schema_and_an_example_it_accepts()
    {
        var admin = await DocumentAsync("admin");
        var writes = admin.Operations
            .Where(o => o.Method is "post" or "put" or "patch" && o.Path.StartsWith("/admin/", StringComparison.Ordinal) && o.Operation.RequestBody is not null)
            .ToList();

        writes.Select(w => $"{w.Method} {w.Path}").Should().Contain(["post /admin/tenants", "patch /admin/tenants/{id}", "post /admin/tenants/{id}/tokens"]);
        foreach (var write in writes)
        {
            var media = write.Operation.RequestBody.Content["application/json"];
            var schema = media.Schema.ActualSchema;
            schema.Properties.Should().NotBeEmpty($"{write.Method} {write.Path} documents the fields it reads");
            media.Example.Should().NotBeNull($"{write.Method} {write.Path} has an example");
            schema.Validate(JToken.FromObject(media.Example!).ToString()).Should().BeEmpty($"the example of {write.Method} {write.Path} is valid");
        }

        Operation(admin, "/admin/tenants", "post").RequestBody.Content["application/json"].Schema.ActualSchema
            .Validate("""{ "name": "no id" }""").Should().NotBeEmpty("a tenant needs its id");
    }

    [Fact]
    public async Task The_schemas_refuse_what_the_schema_files_do_not_declare()
    {
        var scim = await DocumentAsync("scim");
        var user = ResponseSchema(scim, "/scim/v2/Users/{id}", "get", "200");

        user.Validate("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a", "shoeSize": 44 }""").Should().NotBeEmpty();
        user.Validate("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a", "active": "yes" }""").Should().NotBeEmpty();
        user.Validate("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "no userName" }""").Should().NotBeEmpty();
        user.Validate("""
            { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": 7 } }
            """).Should().NotBeEmpty();
        user.Validate("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a" }""").Should().BeEmpty();
    }

    [Fact]
    public async Task The_swagger_ui_at_docs_answers_200_and_offers_both_documents()
    {
        using var response = await _factory.CreateClient().GetAsync("/docs");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("swagger-ui");
        html.Should().Contain("/openapi/scim.json").And.Contain("/openapi/admin.json");
    }

    [Fact]
    public async Task The_old_document_address_redirects_to_the_scim_document()
    {
        using var response = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.ToString().Should().EndWith("/openapi/scim.json");
    }

    private async Task<OpenApiDocument> DocumentAsync(string name)
    {
        using var response = await _factory.CreateClient().GetAsync($"/openapi/{name}.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await OpenApiDocument.FromJsonAsync(await response.Content.ReadAsStringAsync());
    }

    private static OpenApiOperation Operation(OpenApiDocument document, string path, string method)
    {
        document.Paths.Should().ContainKey(path);
        document.Paths[path].Should().ContainKey(method, $"{method} {path} is documented");
        return document.Paths[path][method];
    }

    private static JsonSchema ResponseSchema(OpenApiDocument document, string path, string method, string status) =>
        Operation(document, path, method).Responses[status].Content[ScimJson].Schema.ActualSchema;

    private static void AdminValidate(OpenApiDocument document, string path, string method, string status, ScimResponse response)
    {
        ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(status, response.RawBody);
        var schema = Operation(document, path, method).Responses[status].Content["application/json"].Schema.ActualSchema;
        schema.Properties.Should().NotBeEmpty($"{method} {path} answers a typed body");
        schema.Validate(response.RawBody).Select(e => e.ToString()).Should().BeEmpty($"{method} {path}: {response.RawBody}");
    }

    private static void Validate(JsonSchema schema, ScimResponse response) =>
        schema.Validate(response.RawBody).Select(e => e.ToString()).Should().BeEmpty(response.RawBody);
}
