using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScimServer.Core.Storage;
using ScimServer.Hosting;
using ScimServer.Storage.Sqlite;

namespace ScimServer.Tests;

/// <summary>
/// Two instances starting on one empty database (issue 13, item 6): the one that read "no tenant, no admin token" before
/// the other's writes committed must create no second tenant token or admin token, and print no secret.
/// </summary>
public sealed class BootstrapRaceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scim-race-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task An_instance_that_lost_the_first_start_race_creates_no_second_token_set()
    {
        using var store = new SqliteScimStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "scim.db") });
        await Bootstrapper(store).RunAsync(CancellationToken.None);
        var tokens = await store.ListTokensAsync(Hosting.Bootstrapper.DefaultTenant);

        // The loser read before the winner committed: it saw no tenant and no admin token.
        var stale = new StaleFirstRead(store);
        await Bootstrapper(stale).RunAsync(CancellationToken.None);

        (await store.ListTenantsAsync()).Should().ContainSingle().Which.Id.Should().Be("default");
        (await store.ListTokensAsync(Hosting.Bootstrapper.DefaultTenant)).Should().BeEquivalentTo(tokens);
        stale.AdminTokenOutcomes.Should().Equal([StoreOutcome.Conflict], "its one try, under the generated token's fixed id, was refused");
    }

    private static Bootstrapper Bootstrapper(ITenantStore store) => new(
        (IStoreInitializer)(store is StaleFirstRead stale ? stale.Inner : store),
        store,
        Options.Create(new BootstrapOptions()),
        Options.Create(new StorageOptions()),
        TimeProvider.System,
        NullLogger<Bootstrapper>.Instance);

    /// <summary>The store as a second instance saw it: empty at its first reads, then as it is.</summary>
    private sealed class StaleFirstRead(SqliteScimStore inner) : ITenantStore
    {
        public SqliteScimStore Inner => inner;

        public List<StoreOutcome> AdminTokenOutcomes { get; } = [];

        public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TenantRecord>>([]);

        public Task<bool> AnyServerAdminTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);

        public async Task<StoreOutcome> CreateTokenAsync(TokenRecord token, AuditEntry? audit = null, CancellationToken cancellationToken = default)
        {
            var outcome = await inner.CreateTokenAsync(token, audit, cancellationToken);
            if (token.Tenant is null)
            {
                AdminTokenOutcomes.Add(outcome);
            }

            return outcome;
        }

        public Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken = default) => inner.GetTenantAsync(id, cancellationToken);

        public Task<StoreOutcome> CreateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
            inner.CreateTenantAsync(tenant, audit, cancellationToken);

        public Task<StoreOutcome> UpdateTenantAsync(TenantRecord tenant, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
            inner.UpdateTenantAsync(tenant, audit, cancellationToken);

        public Task<StoreOutcome> DeleteTenantAsync(string id, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
            inner.DeleteTenantAsync(id, audit, cancellationToken);

        public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string tenant, CancellationToken cancellationToken = default) =>
            inner.ListTokensAsync(tenant, cancellationToken);

        public Task<TokenRecord?> GetTokenAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
            inner.GetTokenAsync(tenant, id, cancellationToken);

        public Task<StoreOutcome> RevokeTokenAsync(string tenant, string id, DateTimeOffset at, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
            inner.RevokeTokenAsync(tenant, id, at, audit, cancellationToken);

        public Task<IReadOnlyList<StoredResource>> FindUsersInAllTenantsAsync(string userNameKey, CancellationToken cancellationToken = default) =>
            inner.FindUsersInAllTenantsAsync(userNameKey, cancellationToken);

        public Task<TokenRecord?> FindTokenAsync(string sha256, CancellationToken cancellationToken = default) => inner.FindTokenAsync(sha256, cancellationToken);
    }
}
