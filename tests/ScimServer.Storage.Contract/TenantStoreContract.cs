using FluentAssertions.Equivalency;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// What every <see cref="ITenantStore"/> must do, tested only through the port; safe on a shared store. Deleting a
/// tenant and the cross-tenant lookup reach users, groups and the audit log, so a store's test project supplies those
/// ports too, all over the same data.
/// </summary>
public abstract class TenantStoreContract : IAsyncLifetime
{
    private ITenantStore? store;
    private IResourceStore? resources;
    private IAuditLog? audit;

    protected ITenantStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    protected IResourceStore Resources => resources ?? throw new InvalidOperationException("The store is not created yet.");

    protected IAuditLog Audit => audit ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>The store under test, initialised (it may be shared between tests).</summary>
    protected abstract Task<ITenantStore> CreateStoreAsync();

    /// <summary>The resource store over the same data as <see cref="CreateStoreAsync"/> (often the same object).</summary>
    protected abstract Task<IResourceStore> CreateResourceStoreAsync();

    /// <summary>The audit log over the same data as <see cref="CreateStoreAsync"/> (often the same object).</summary>
    protected abstract Task<IAuditLog> CreateAuditLogAsync();

    /// <summary>
    /// Why the store cannot run here (e.g. no database server), or null. When set, every test is reported as
    /// skipped with this reason, never as passed.
    /// </summary>
    protected virtual string? SkipReason => null;

    public async Task InitializeAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        store = await CreateStoreAsync();
        resources = await CreateResourceStoreAsync();
        audit = await CreateAuditLogAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    // ---- tenants ----

    [SkippableFact]
    public async Task A_created_tenant_is_returned_by_get_and_listed()
    {
        var tenant = new TenantRecord
        {
            Id = NewTenant(),
            Name = "Acme",
            Created = Created.AddMinutes(5),
            Roles = [.. TenantRecord.SystemRoles, new RoleDefinition("Auditor", "External auditor", ServiceAccountEligible: false, System: false)],
            DefaultRoles = ["Analyst", "Auditor"],
            Organizations = ["Finance", "Operations"],
        };

        (await Store.CreateTenantAsync(tenant)).Should().Be(StoreOutcome.Ok);

        (await Store.GetTenantAsync(tenant.Id)).Should().BeEquivalentTo(tenant, AsStored);
        (await Store.ListTenantsAsync()).Should().ContainEquivalentOf(tenant, AsStored);
    }

    [SkippableFact]
    public async Task A_tenant_created_with_only_a_name_has_the_system_roles_and_the_default_role()
    {
        var tenant = new TenantRecord { Id = NewTenant(), Name = "Acme", Created = Created };

        await Store.CreateTenantAsync(tenant);

        var stored = await Store.GetTenantAsync(tenant.Id);
        stored!.Roles.Should().Equal(TenantRecord.SystemRoles);
        stored.DefaultRoles.Should().Equal(TenantRecord.DefaultRole);
        stored.Organizations.Should().BeEmpty();
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
    public async Task Update_replaces_the_name_roles_default_roles_and_organizations_and_keeps_created()
    {
        var tenant = new TenantRecord { Id = NewTenant(), Name = "Acme", Created = Created, Organizations = ["Finance"] };
        await Store.CreateTenantAsync(tenant);
        var updated = tenant with
        {
            Name = "Acme Corp",
            Created = Created.AddYears(1),
            Roles = [TenantRecord.SystemRoles[0], new RoleDefinition("Reviewer", "Reviewer", ServiceAccountEligible: true, System: false)],
            DefaultRoles = ["Reviewer"],
            Organizations = [],
        };

        (await Store.UpdateTenantAsync(updated)).Should().Be(StoreOutcome.Ok);

        (await Store.GetTenantAsync(tenant.Id)).Should().BeEquivalentTo(updated with { Created = Created }, AsStored);
    }

    [SkippableFact]
    public async Task Update_of_an_unknown_tenant_returns_not_found_and_creates_nothing()
    {
        var tenant = new TenantRecord { Id = NewTenant(), Name = "Ghost", Created = Created };

        (await Store.UpdateTenantAsync(tenant)).Should().Be(StoreOutcome.NotFound);
        (await Store.GetTenantAsync(tenant.Id)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Delete_removes_the_tenant_with_its_users_groups_members_and_tokens()
    {
        var tenant = await CreateTenantAsync();
        var alice = User(tenant, "alice");
        var group = Group(tenant, "Sales");
        var token = NewToken(tenant);
        var client = NewToken(tenant) with { Kind = TokenKind.OAuthClient };
        await Resources.CreateAsync(alice);
        await Resources.CreateAsync(group, [new MemberEdge(alice.Id, "User")]);
        await Store.CreateTokenAsync(token);
        await Store.CreateTokenAsync(client);

        (await Store.DeleteTenantAsync(tenant)).Should().Be(StoreOutcome.Ok);

        (await Store.GetTenantAsync(tenant)).Should().BeNull();
        (await Resources.GetAsync(tenant, "User", alice.Id)).Should().BeNull();
        (await Resources.GetAsync(tenant, "Group", group.Id)).Should().BeNull();
        (await Resources.ListMembersAsync(tenant, [group.Id])).Should().BeEmpty();
        (await Store.ListTokensAsync(tenant)).Should().BeEmpty();
        (await Store.FindTokenAsync(token.Sha256)).Should().BeNull();
        (await Store.FindTokenAsync(client.Sha256)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Delete_keeps_the_tenants_audit_log()
    {
        var tenant = await CreateTenantAsync();
        var alice = User(tenant, "alice");
        await Resources.CreateAsync(alice, audit: AuditOf(tenant, "create", alice.Id));
        await Audit.AppendAsync(AuditOf(tenant, "token.create", "tok-1"));

        await Store.DeleteTenantAsync(tenant);

        (await Audit.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 10 })).Select(e => e.Operation)
            .Should().Equal("create", "token.create");
    }

    [SkippableFact]
    public async Task Delete_leaves_other_tenants_alone()
    {
        var doomed = await CreateTenantAsync();
        var kept = await CreateTenantAsync();
        var token = NewToken(kept);
        var id = NewId();
        await Resources.CreateAsync(User(doomed, "bob", id: id));
        await Resources.CreateAsync(User(kept, "bob", id: id));
        await Store.CreateTokenAsync(token);

        await Store.DeleteTenantAsync(doomed);

        (await Store.GetTenantAsync(kept)).Should().NotBeNull();
        (await Resources.GetAsync(kept, "User", id)).Should().NotBeNull();
        (await Store.ListTokensAsync(kept)).Should().ContainSingle().Which.Should().Be(token);
    }

    [SkippableFact]
    public async Task A_deleted_tenant_is_gone_at_once_from_every_read_and_write_and_its_id_can_be_taken_again()
    {
        var tenant = await CreateTenantAsync();
        var users = Enumerable.Range(0, 30).Select(i => User(tenant, $"user{i}")).ToList();
        await Resources.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)null))]);

        await Store.DeleteTenantAsync(tenant);

        (await Store.ListTenantsAsync()).Select(t => t.Id).Should().NotContain(tenant);
        (await Store.UpdateTenantAsync(new TenantRecord { Id = tenant, Name = "Back", Created = Created })).Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteTenantAsync(tenant)).Should().Be(StoreOutcome.NotFound);
        (await Resources.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 100, CountTotal = true })).TotalResults.Should().Be(0);
        (await Store.CreateTenantAsync(new TenantRecord { Id = tenant, Name = "Again", Created = Created })).Should().Be(StoreOutcome.Ok);
        (await Store.GetTenantAsync(tenant))!.Name.Should().Be("Again");
        (await Resources.GetAsync(tenant, "User", users[0].Id)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Delete_of_an_unknown_tenant_returns_not_found()
    {
        (await Store.DeleteTenantAsync(NewTenant())).Should().Be(StoreOutcome.NotFound);
    }

    [SkippableFact]
    public async Task Users_with_a_user_name_key_are_found_in_every_tenant_by_tenant_then_id()
    {
        // The tenant ids sort a < b < c whatever order they are made in; the key is fresh, as the store may be shared.
        var prefix = NewTenant();
        var userName = "svc-" + NewId() + "@example.com";
        var key = User(prefix, userName).UniqueKey!;
        var expected = new List<StoredResource>();
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            var tenant = $"{prefix}-{suffix}";
            var user = User(tenant, userName.ToUpperInvariant(), """{ "title": "Service" }""");
            await Resources.CreateAsync(user);
            await Resources.CreateAsync(User(tenant, "someone-else-" + NewId()));
            expected.Add(user);
        }

        var found = await Store.FindUsersInAllTenantsAsync(key);

        found.Select(u => (u.Tenant, u.Id)).Should().Equal(expected.OrderBy(u => u.Tenant, StringComparer.Ordinal).Select(u => (u.Tenant, u.Id)));
        found.Should().AllSatisfy(u => u.ResourceType.Should().Be("User"));
        found[0].Document["title"]!.ToString().Should().Be("Service");
    }

    [SkippableFact]
    public async Task No_user_is_found_in_any_tenant_for_an_unknown_key()
    {
        (await Store.FindUsersInAllTenantsAsync("nobody-" + NewId())).Should().BeEmpty();
    }

    // ---- tokens ----

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

    [SkippableFact]
    public async Task An_oauth_client_keeps_its_kind_and_is_found_by_its_hash()
    {
        var client = NewToken(NewTenant()) with { Kind = TokenKind.OAuthClient, Name = "okta" };

        (await Store.CreateTokenAsync(client)).Should().Be(StoreOutcome.Ok);

        (await Store.FindTokenAsync(client.Sha256)).Should().Be(client);
        (await Store.GetTokenAsync(client.Tenant!, client.Id)).Should().Be(client);
    }

    [SkippableFact]
    public async Task A_tenants_tokens_and_clients_are_listed_oldest_first_revoked_included()
    {
        var tenant = NewTenant();
        var newest = NewToken(tenant) with { Created = Created.AddDays(2) };
        var revoked = NewToken(tenant) with { Created = Created, Revoked = Created.AddDays(1) };
        var client = NewToken(tenant) with { Created = Created.AddDays(1), Kind = TokenKind.OAuthClient };
        foreach (var token in new[] { newest, revoked, client, NewToken(NewTenant()), NewToken(tenant: null) })
        {
            await Store.CreateTokenAsync(token);
        }

        (await Store.ListTokensAsync(tenant)).Should().Equal(revoked, client, newest);
    }

    [SkippableFact]
    public async Task A_tenant_without_tokens_lists_none()
    {
        (await Store.ListTokensAsync(NewTenant())).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Get_token_finds_a_token_only_in_its_own_tenant()
    {
        var token = NewToken(NewTenant());
        await Store.CreateTokenAsync(token);

        (await Store.GetTokenAsync(token.Tenant!, token.Id)).Should().Be(token);
        (await Store.GetTokenAsync(NewTenant(), token.Id)).Should().BeNull();
        (await Store.GetTokenAsync(token.Tenant!, NewId())).Should().BeNull();
    }

    [SkippableFact]
    public async Task Revoke_marks_the_token_revoked_at_the_given_instant()
    {
        var token = NewToken(NewTenant());
        await Store.CreateTokenAsync(token);
        var at = Created.AddDays(3);

        (await Store.RevokeTokenAsync(token.Tenant!, token.Id, at)).Should().Be(StoreOutcome.Ok);

        (await Store.GetTokenAsync(token.Tenant!, token.Id)).Should().Be(token with { Revoked = at });
        (await Store.FindTokenAsync(token.Sha256))!.Revoked.Should().Be(at);
    }

    [SkippableFact]
    public async Task Revoking_a_revoked_token_keeps_the_first_revocation_time()
    {
        var token = NewToken(NewTenant());
        await Store.CreateTokenAsync(token);
        await Store.RevokeTokenAsync(token.Tenant!, token.Id, Created.AddDays(3));

        (await Store.RevokeTokenAsync(token.Tenant!, token.Id, Created.AddDays(5))).Should().Be(StoreOutcome.Ok);

        (await Store.GetTokenAsync(token.Tenant!, token.Id))!.Revoked.Should().Be(Created.AddDays(3));
    }

    [SkippableFact]
    public async Task Revoke_of_a_token_of_another_tenant_returns_not_found_and_changes_nothing()
    {
        var token = NewToken(NewTenant());
        await Store.CreateTokenAsync(token);

        (await Store.RevokeTokenAsync(NewTenant(), token.Id, Created.AddDays(3))).Should().Be(StoreOutcome.NotFound);

        (await Store.FindTokenAsync(token.Sha256))!.Revoked.Should().BeNull();
    }

    [SkippableFact]
    public async Task Revoke_of_an_unknown_token_returns_not_found()
    {
        (await Store.RevokeTokenAsync(NewTenant(), NewId(), Created)).Should().Be(StoreOutcome.NotFound);
    }

    [SkippableFact]
    public async Task A_server_admin_token_is_not_revocable_through_a_tenant()
    {
        var admin = NewToken(tenant: null);
        await Store.CreateTokenAsync(admin);

        (await Store.RevokeTokenAsync(NewTenant(), admin.Id, Created)).Should().Be(StoreOutcome.NotFound);
        (await Store.FindTokenAsync(admin.Sha256))!.Revoked.Should().BeNull();
    }

    // ---- audit entries appended with tenant and token writes ----

    [SkippableFact]
    public async Task Tenant_and_token_writes_append_the_audit_entries_they_are_given()
    {
        var id = NewTenant();
        var tenant = new TenantRecord { Id = id, Name = "Acme", Created = Created };
        var token = NewToken(id);

        (await Store.CreateTenantAsync(tenant, AuditOf(id, "tenant.create", id))).Should().Be(StoreOutcome.Ok);
        (await Store.UpdateTenantAsync(tenant with { Name = "Acme Inc." }, AuditOf(id, "tenant.update", id))).Should().Be(StoreOutcome.Ok);
        (await Store.CreateTokenAsync(token, AuditOf(id, "token.create", token.Id))).Should().Be(StoreOutcome.Ok);
        (await Store.RevokeTokenAsync(id, token.Id, Created.AddDays(1), AuditOf(id, "token.revoke", token.Id))).Should().Be(StoreOutcome.Ok);
        (await Store.DeleteTenantAsync(id, AuditOf(id, "tenant.delete", id))).Should().Be(StoreOutcome.Ok);

        var log = await Audit.QueryAsync(new AuditQuery { Tenant = id, Limit = 10 });
        log.Select(e => e.Operation).Should().Equal("tenant.create", "tenant.update", "token.create", "token.revoke", "tenant.delete");
        log.Should().OnlyContain(e => e.Version == null && e.Actor == "provisioning");
        log.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [SkippableFact]
    public async Task A_tenant_or_token_write_that_changes_nothing_appends_nothing()
    {
        var id = await CreateTenantAsync();
        var token = NewToken(id);
        await Store.CreateTokenAsync(token);
        var absent = NewTenant();

        (await Store.CreateTenantAsync(new TenantRecord { Id = id, Name = "Again", Created = Created }, AuditOf(id, "tenant.create", id)))
            .Should().Be(StoreOutcome.Conflict);
        (await Store.CreateTokenAsync(NewToken(id) with { Sha256 = token.Sha256 }, AuditOf(id, "token.create", "dup")))
            .Should().Be(StoreOutcome.Conflict);
        (await Store.RevokeTokenAsync(id, NewId(), Created, AuditOf(id, "token.revoke", "none"))).Should().Be(StoreOutcome.NotFound);
        (await Store.UpdateTenantAsync(new TenantRecord { Id = absent, Name = "None", Created = Created }, AuditOf(absent, "tenant.update", absent)))
            .Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteTenantAsync(absent, AuditOf(absent, "tenant.delete", absent))).Should().Be(StoreOutcome.NotFound);

        (await Audit.QueryAsync(new AuditQuery { Tenant = id, Limit = 10 })).Should().BeEmpty();
        (await Audit.QueryAsync(new AuditQuery { Tenant = absent, Limit = 10 })).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_tenant_write_refuses_an_audit_entry_of_another_tenant()
    {
        var id = NewTenant();

        var write = () => Store.CreateTenantAsync(new TenantRecord { Id = id, Name = "Acme", Created = Created }, AuditOf(NewTenant(), "tenant.create", id));

        await write.Should().ThrowAsync<ArgumentException>();
        (await Store.GetTenantAsync(id)).Should().BeNull();
    }

    /// <summary>
    /// Tenant records hold lists, which records compare by reference: compare member by member, roles in order
    /// (the catalog is shown broadest first).
    /// </summary>
    private static EquivalencyAssertionOptions<TenantRecord> AsStored(EquivalencyAssertionOptions<TenantRecord> options) =>
        options.ComparingByMembers<TenantRecord>().WithStrictOrdering();

    private async Task<string> CreateTenantAsync()
    {
        var id = NewTenant();
        (await Store.CreateTenantAsync(new TenantRecord { Id = id, Name = "Acme", Created = Created })).Should().Be(StoreOutcome.Ok);
        return id;
    }

    private static AuditEntry AuditOf(string tenant, string operation, string resourceId) => new()
    {
        Tenant = tenant,
        At = Created,
        Actor = "provisioning",
        Operation = operation,
        ResourceType = "User",
        ResourceId = resourceId,
    };

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
