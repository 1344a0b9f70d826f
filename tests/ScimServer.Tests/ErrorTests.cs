using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScimServer.Core.Storage;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>RFC 7644 §3.12: every failure is a SCIM error body with the right status; nothing leaks.</summary>
public sealed class ErrorTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly ScimClient _client;

    public ErrorTests(ScimServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateScimClient();
    }

    [Theory]
    [InlineData("{\"schemas\": [")]
    [InlineData("{'schemas': nope}")]
    [InlineData("not json at all")]
    [InlineData("{} {}")]
    [InlineData("")]
    public async Task Malformed_json_is_400_invalidSyntax(string body)
    {
        (await _client.PostAsync("/Users", body)).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task A_body_over_the_payload_limit_is_413_and_creates_nothing()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxPayloadBytes"] = "512";
        var client = factory.CreateScimClient();
        var user = Users.Minimal("big@example.com");
        user["displayName"] = new string('x', 1000);

        var response = await client.PostAsync("/Users", user);

        response.ShouldBeError(HttpStatusCode.RequestEntityTooLarge);
        (await client.GetAsync("/Users")).TotalResults.Should().Be(0);
    }

    [Fact]
    public async Task A_body_over_the_limit_without_content_length_is_413()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:MaxPayloadBytes"] = "512";
        var client = factory.CreateScimClient();

        var response = await client.PostAsync("/Users", "{}", r =>
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 2000) + "{}")));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/scim+json");
            r.Content = content;
            r.Headers.TransferEncodingChunked = true;
        });

        response.ShouldBeError(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unsupported_content_type_is_415()
    {
        var response = await _client.PostAsync("/Users", "{}", r =>
            r.Content = new StringContent("userName=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.ShouldBeError(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Plain_application_json_is_accepted()
    {
        var response = await _client.PostAsync("/Users", "{}", r =>
            r.Content = new StringContent($$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"json-{{Guid.NewGuid():N}}"}""", Encoding.UTF8, "application/json"));

        response.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("/Printers")]
    [InlineData("/Users/a/b/c")]
    public async Task An_unknown_route_is_404_with_a_scim_error(string path)
    {
        (await _client.GetAsync(path)).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_route_outside_the_scim_base_is_404_with_a_scim_error()
    {
        (await _client.GetAsync(_factory.Server.BaseAddress + "nothing/here")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_method_the_endpoint_does_not_serve_is_405()
    {
        (await _client.DeleteAsync("/Users")).ShouldBeError(HttpStatusCode.MethodNotAllowed);
        (await _client.PutAsync("/ServiceProviderConfig", "{}")).ShouldBeError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_store_failure_is_500_without_a_stack_trace()
    {
        using var factory = new ScimServerFactory();
        var failing = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IResourceStore, FailingStore>()));
        var client = new ScimClient(failing.CreateClient(), ScimServerFactory.TenantToken, "/scim/v2");

        var response = await client.GetAsync("/Users/some-id");

        response.ShouldBeError(HttpStatusCode.InternalServerError);
        response.RawBody.Should().NotContain("disk on fire").And.NotContain("FailingStore");
    }

    [Fact]
    public async Task A_store_failure_is_logged_with_the_request_id_its_error_body_names()
    {
        using var factory = new ScimServerFactory();
        var logs = new CapturingLoggerProvider();
        var failing = factory.WithWebHostBuilder(b => b
            .ConfigureLogging(logging => logging.AddProvider(logs))
            .ConfigureTestServices(s => s.AddSingleton<IResourceStore, FailingStore>()));
        var client = new ScimClient(failing.CreateClient(), ScimServerFactory.TenantToken, "/scim/v2");

        var response = await client.GetAsync("/Users/some-id");

        var requestId = System.Text.RegularExpressions.Regex.Match((string)response.Body!["detail"]!, @"request id ([^)]+)\)").Groups[1].Value;
        requestId.Should().NotBeEmpty();
        logs.Lines.Should().Contain(line => line.Contains($"Unhandled error on GET /scim/v2/Users/some-id (request {requestId}).", StringComparison.Ordinal));
    }

    private sealed class FailingStore : IResourceStore
    {
        private static Exception Fail() => new IOException("disk on fire");

        public Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default) => throw Fail();
        public Task<StoreOutcome> CreateAsync(StoredResource resource, IReadOnlyList<MemberEdge>? members = null, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Fail();
        public Task<StoreOutcome> ReplaceAsync(StoredResource resource, long expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Fail();
        public Task<StoreOutcome> DeleteAsync(string tenant, string resourceType, string id, long? expectedVersion, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Fail();
        public Task<QueryPage> QueryAsync(ResourceQuery query, CancellationToken cancellationToken = default) => throw Fail();
        public Task<GroupUpdateResult> UpdateGroupAsync(GroupUpdate update, CancellationToken cancellationToken = default) => throw Fail();
        public Task<IReadOnlyList<GroupMember>> ListMembersAsync(string tenant, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default) => throw Fail();
        public Task<IReadOnlyList<GroupMembership>> ListGroupsOfAsync(string tenant, IReadOnlyList<string> memberIds, CancellationToken cancellationToken = default) => throw Fail();
        public Task<IReadOnlyList<string>> FindMissingMembersAsync(string tenant, IReadOnlyList<MemberEdge> members, CancellationToken cancellationToken = default) => throw Fail();
    }
}
