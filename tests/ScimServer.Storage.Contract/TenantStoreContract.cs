using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>What every <see cref="ITenantStore"/> must do, tested only through the port; safe on a shared store.</summary>
public abstract class TenantStoreContract : IAsyncLifetime
{
    private ITenantStore? store;

    protected ITenantStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>The store under test, initialised (it may be shared between tests).</summary>
    protected abstract Task<ITenantStore> CreateStoreAsync();

    /// <summary>
    /// Why the store cannot run here (e.g. no database server), or null. When set, every test is reported as
    /// skipped with this reason, never as passed.
    /// </summary>
    protected virtual string? SkipReason => null;

    public async Task InitializeAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        store = await CreateStoreAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task A_created_tenant_is_returned_by_get_and_listed()
    {
        var tenant = new TenantRecord { Id = NewTenant(), Name = "Acme", Created = Created.AddMinutes(5) };

        (await Store.CreateTenantAsync(tenant)).Should().Be(StoreOutcome.Ok);

        // Equivalence, not record equality: the role catalog and the lists are read back as new lists.
        (await Store.GetTenantAsync(tenant.Id)).Should().BeEquivalentTo(tenant, options => options.WithStrictOrdering());
        (await Store.ListTenantsAsync()).Should().ContainEquivalentOf(tenant);
    }

    [SkippableFact]
    public async Task Tenants_are_listed_in_id_order()
    {
        var prefix = NewTenant();
        foreach (var suffix in new[] { "b", "c", "a" })
        {
            await Store.CreateTenantAsync(new TenantRecord { Id = $"{prefix}-{suffix}", Name = suffix, Created = Created });
        }

        var listed = (await Store.ListTenantsAsync()).Where(t => t.Id.StartsWith(prefix, StringComparison.Ordinal));

        listed.Select(t => t.Name).Should().Equal("a", "b", "c");
    }

    [SkippableFact]
    public async Task Get_of_an_unknown_tenant_returns_null()
    {
        (await Store.GetTenantAsync(NewTenant())).Should().BeNull();
    }

    [SkippableFact]
    public async Task Create_with_a_taken_tenant_id_returns_conflict()
    {
        var id = NewTenant();
        await Store.CreateTenantAsync(new TenantRecord { Id = id, Name = "First", Created = Created });

        (await Store.CreateTenantAsync(new TenantRecord { Id = id, Name = "Second", Created = Created })).Should().Be(StoreOutcome.Conflict);
        (await Store.GetTenantAsync(id))!.Name.Should().Be("First");
    }

    [SkippableFact]
    public async Task A_token_is_found_by_the_hash_of_its_secret_with_every_field()
    {
        var token = NewToken(NewTenant()) with { Expires = Created.AddDays(30), Revoked = Created.AddDays(2) };

        (await Store.CreateTokenAsync(token)).Should().Be(StoreOutcome.Ok);

        (await Store.FindTokenAsync(token.Sha256)).Should().Be(token);
    }

    [SkippableFact]
    public async Task An_unknown_hash_finds_no_token()
    {
        (await Store.FindTokenAsync(NewSha256())).Should().BeNull();
    }

    [SkippableFact]
    public async Task Create_with_a_taken_token_id_or_hash_returns_conflict()
    {
        var token = NewToken(NewTenant());
        await Store.CreateTokenAsync(token);

        (await Store.CreateTokenAsync(NewToken(null) with { Id = token.Id })).Should().Be(StoreOutcome.Conflict);
        (await Store.CreateTokenAsync(NewToken(null) with { Sha256 = token.Sha256 })).Should().Be(StoreOutcome.Conflict);
    }

    [SkippableFact]
    public async Task A_server_admin_token_is_one_without_a_tenant()
    {
        await Store.CreateTokenAsync(NewToken(NewTenant()));
        var admin = NewToken(tenant: null);

        await Store.CreateTokenAsync(admin);

        (await Store.AnyServerAdminTokenAsync()).Should().BeTrue();
        (await Store.FindTokenAsync(admin.Sha256))!.Tenant.Should().BeNull();
    }

    protected static TokenRecord NewToken(string? tenant) => new()
    {
        Id = NewId(),
        Tenant = tenant,
        Name = "provisioning",
        Sha256 = NewSha256(),
        Created = Created,
    };

    private static string NewSha256() => (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")).ToLowerInvariant();
}
