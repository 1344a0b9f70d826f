using ScimServer.Testing;
using System.Net;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>RFC 7644 §3.14: meta.version as a weak ETag, If-Match and If-None-Match.</summary>
public sealed class VersioningTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimClient _client;

    public VersioningTests(ScimServerFactory factory) => _client = factory.CreateScimClient();

    private Task<ScimResponse> NewUserAsync() => _client.CreateUserAsync($"etag-{Guid.NewGuid():N}@example.com");

    [Fact]
    public async Task The_etag_header_is_the_weak_meta_version()
    {
        var created = await NewUserAsync();

        created.ETag.Should().Be((string?)created.Body!["meta"]!["version"]);
        created.Headers.ETag!.IsWeak.Should().BeTrue();
    }

    [Fact]
    public async Task Put_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var created = await NewUserAsync();
        var update = Users.Minimal((string)created.Body!["userName"]!);
        update["displayName"] = "Changed";

        var response = await _client.PutAsync($"/Users/{created.Id}", update, r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"7\""));

        response.ShouldBeError(HttpStatusCode.PreconditionFailed);
        (await _client.GetAsync($"/Users/{created.Id}")).Body.ShouldEqualJson(created.Body);
    }

    [Fact]
    public async Task Put_with_the_current_if_match_succeeds()
    {
        var created = await NewUserAsync();
        var update = Users.Minimal((string)created.Body!["userName"]!);

        var response = await _client.PutAsync($"/Users/{created.Id}", update, r => r.Headers.TryAddWithoutValidation("If-Match", created.ETag));

        response.ShouldBe(HttpStatusCode.OK);
        response.ETag.Should().Be("W/\"2\"");
    }

    [Fact]
    public async Task Delete_with_a_stale_if_match_is_412_and_the_user_stays()
    {
        var created = await NewUserAsync();

        var response = await _client.DeleteAsync($"/Users/{created.Id}", r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"2\""));

        response.ShouldBeError(HttpStatusCode.PreconditionFailed);
        (await _client.GetAsync($"/Users/{created.Id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_with_if_match_star_or_the_current_version_succeeds()
    {
        var first = await NewUserAsync();
        var second = await NewUserAsync();

        (await _client.DeleteAsync($"/Users/{first.Id}", r => r.Headers.TryAddWithoutValidation("If-Match", "*"))).ShouldBe(HttpStatusCode.NoContent);
        (await _client.DeleteAsync($"/Users/{second.Id}", r => r.Headers.TryAddWithoutValidation("If-Match", second.ETag))).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Get_with_a_matching_if_none_match_is_304_without_a_body()
    {
        var created = await NewUserAsync();

        var response = await _client.GetAsync($"/Users/{created.Id}", r => r.Headers.TryAddWithoutValidation("If-None-Match", created.ETag));

        response.Status.Should().Be(HttpStatusCode.NotModified);
        response.RawBody.Should().BeEmpty();
        response.ETag.Should().Be(created.ETag);
    }

    [Fact]
    public async Task Get_with_an_old_if_none_match_returns_the_user()
    {
        var created = await NewUserAsync();
        await _client.PutAsync($"/Users/{created.Id}", Users.Minimal((string)created.Body!["userName"]!));

        var response = await _client.GetAsync($"/Users/{created.Id}", r => r.Headers.TryAddWithoutValidation("If-None-Match", created.ETag));

        response.ShouldBe(HttpStatusCode.OK);
        response.ETag.Should().Be("W/\"2\"");
    }
}
