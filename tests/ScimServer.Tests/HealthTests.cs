using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ScimServer.Core.Storage;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>/health/live and /health/ready for orchestrators: no token needed, no internals in the answer.</summary>
public sealed class HealthTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;

    public HealthTests(ScimServerFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task A_running_server_with_its_store_is_live_and_ready(string path)
    {
        using var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task A_store_that_does_not_answer_is_live_but_not_ready()
    {
        using var factory = new ScimServerFactory();
        var broken = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ITenantStore>(new UnreachableTenantStore())));

        using var live = await broken.CreateClient().GetAsync("/health/live");
        using var ready = await broken.CreateClient().GetAsync("/health/ready");

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
    }

    [Fact]
    public async Task A_store_that_hangs_is_not_ready_and_the_probe_still_answers()
    {
        using var factory = new ScimServerFactory();
        var hanging = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ITenantStore>(new UnreachableTenantStore(hangs: true))));
        using var client = hanging.CreateClient();

        // Without a limit of its own the probe would wait for the store forever; this client gives up after 30 s.
        client.Timeout = TimeSpan.FromSeconds(30);
        using var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
    }

    /// <param name="hangs">Reads never complete, whatever the cancellation token says (a replica set without a primary).</param>
    private sealed class UnreachableTenantStore(bool hangs = false) : ITenantStore
    {
        private static Exception Down() => new IOException("connection refused");

        public Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default) =>
            hangs ? new TaskCompletionSource<TenantRecord?>().Task : throw Down();
        public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<TenantRecord>>([new TenantRecord { Id = "default", Name = "Default", Created = DateTimeOffset.UnixEpoch }]);
        public Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Down();
        public Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Down();
        public Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Down();
        public Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default) => Task.FromResult(StoreOutcome.Ok);
        public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default) => throw Down();
        public Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default) => throw Down();
        public Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default) => throw Down();
        public Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default) => throw Down();
        public Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult<TokenRecord?>(new TokenRecord { Id = "t", Name = "t", Sha256 = sha256, Created = DateTimeOffset.UnixEpoch });
        public Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);
    }
}
