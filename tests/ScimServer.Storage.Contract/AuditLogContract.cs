using ScimServer.Core.Events;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// What every <see cref="IAuditLog"/> must do, and what the <see cref="IResourceStore"/> writes must append to it
/// (DESIGN.md: an append-only log, written with each change), tested only through the ports. Every test works in fresh
/// tenants, so one store instance may serve them all.
/// </summary>
public abstract class AuditLogContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Later = Created.AddHours(1);

    private IResourceStore? store;
    private IAuditLog? audit;

    protected IResourceStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    protected IAuditLog Audit => audit ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>The resource store under test, initialised (it may be shared between tests).</summary>
    protected abstract Task<IResourceStore> CreateStoreAsync();

    /// <summary>The audit log the writes of <see cref="CreateStoreAsync"/> append to (often the same object).</summary>
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
        audit = await CreateAuditLogAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    // ---- entries appended with a write ----

    [SkippableFact]
    public async Task A_create_appends_its_entry_with_every_field_and_a_sequence()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        var entry = Entry(user, "create") with { RequestId = "req-1", Summary = "userName alice" };

        (await Store.CreateAsync(user, audit: entry)).Should().Be(StoreOutcome.Ok);

        var logged = (await LogAsync(tenant)).Should().ContainSingle().Subject;
        logged.Sequence.Should().BePositive();
        logged.Should().Be(entry with { Version = 1, Sequence = logged.Sequence });
    }

    [SkippableFact]
    public async Task A_write_keeps_the_change_its_events_tell_with_its_entry_and_a_batch_with_each_of_its_entries()
    {
        // The log is the provisioning events' outbox (RFC 9967): the change must commit with the write.
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        var bob = User(tenant, "bob");
        var deactivated = new ResourceChange { ExternalId = "ext-a", Attributes = ["active", "title"], Active = false, PasswordChanged = true };
        var created = new ResourceChange { Attributes = ["id", "userName"] };

        await Store.CreateAsync(alice, audit: Entry(alice, "create") with { Change = created });
        await Store.ReplaceAsync(Changed(alice, d => d["active"] = false), expectedVersion: 1, Entry(alice, "replace") with { Change = deactivated });
        await Store.CreateManyAsync([(bob, Entry(bob, "create") with { Change = created })]);

        var log = await LogAsync(tenant);
        log.Select(e => e.Change).Should().BeEquivalentTo([created, deactivated, created], options => options.WithStrictOrdering());
    }

    [SkippableFact]
    public async Task A_reader_following_the_log_during_parallel_writes_never_passes_an_entry_that_commits_later()
    {
        // An event stream reads after its cursor while writes commit: an entry that became visible below a sequence the
        // reader had passed would never be sent.
        var tenant = NewTenant();
        var seen = new List<long>();
        var writing = Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var user = User(tenant, $"w{w}-{i}");
                (await Store.CreateAsync(user, audit: Entry(user, "create"))).Should().Be(StoreOutcome.Ok);
            }
        })));
        long cursor = 0;
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, AfterSequence = cursor, Limit = 1_000 });
            seen.AddRange(page.Select(e => e.Sequence));
            cursor = page.Count > 0 ? page[^1].Sequence : cursor;
            if (done)
            {
                break;
            }
        }

        await writing;
        seen.Should().HaveCount(80).And.Equal((await Audit.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 1_000 })).Select(e => e.Sequence));
    }

    [SkippableFact]
    public async Task A_batch_create_gives_each_item_its_outcome_and_logs_only_the_created_ones()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "taken"));
        var items = new[] { User(tenant, "first"), User(tenant, "TAKEN"), User(tenant, "second"), User(tenant, "First") }
            .Select(u => (u, (AuditEntry?)Entry(u, "create")))
            .ToList();

        var outcomes = await Store.CreateManyAsync(items);

        outcomes.Should().Equal(StoreOutcome.Ok, StoreOutcome.Conflict, StoreOutcome.Ok, StoreOutcome.Conflict);
        (await Store.GetAsync(tenant, "User", items[0].u.Id)).Should().NotBeNull();
        (await Store.GetAsync(tenant, "User", items[1].u.Id)).Should().BeNull();
        (await LogAsync(tenant)).Select(e => e.ResourceId).Should().Equal(items[0].u.Id, items[2].u.Id);
    }

    [SkippableFact]
    public async Task A_batch_larger_than_a_transaction_chunk_decides_every_item_as_one_by_one_creates_would()
    {
        // 250 items: more than two of the MongoDB store's chunks of 100; a later chunk must see an earlier one's names.
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 250).Select(i => User(tenant, $"user{i}")).ToList();
        users[180] = User(tenant, "USER5");
        users[249] = User(tenant, "user180");

        var outcomes = await Store.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)Entry(u, "create")))]);

        outcomes.Select((o, i) => (o, i)).Where(x => x.o != StoreOutcome.Ok).Select(x => x.i).Should().Equal(180);
        (await Store.GetAsync(tenant, "User", users[249].Id)).Should().NotBeNull();
        var log = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 1_000 });
        log.Select(e => e.ResourceId).Should().Equal(users.Where((_, i) => i != 180).Select(u => u.Id));
    }

    [SkippableFact]
    public async Task A_replace_appends_the_version_it_produced_whatever_the_entry_said()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);
        var replaced = Changed(user, d => d["title"] = "Engineer");

        (await Store.ReplaceAsync(replaced, expectedVersion: 1, Entry(user, "replace") with { Version = 42 })).Should().Be(StoreOutcome.Ok);

        (await LogAsync(tenant)).Should().ContainSingle().Which.Version.Should().Be(2);
    }

    [SkippableFact]
    public async Task A_group_created_with_members_appends_its_entry()
    {
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        await Store.CreateAsync(alice);
        var group = Group(tenant, "Sales");

        (await Store.CreateAsync(group, [new MemberEdge(alice.Id)], Entry(group, "create"))).Should().Be(StoreOutcome.Ok);

        (await LogAsync(tenant)).Should().ContainSingle().Which.Should().Match<AuditEntry>(e => e.ResourceId == group.Id && e.Version == 1);
    }

    [SkippableFact]
    public async Task A_group_update_appends_the_version_the_store_gave_the_group()
    {
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        var bob = User(tenant, "bob");
        var group = Group(tenant, "Sales");
        await Store.CreateAsync(alice);
        await Store.CreateAsync(bob);
        await Store.CreateAsync(group);

        // Membership-only updates carry no expected version: the store decides which version each one produced.
        foreach (var member in new[] { alice, bob })
        {
            var update = new GroupUpdate
            {
                Tenant = tenant,
                GroupId = group.Id,
                Members = new MembershipChange { Add = [new MemberEdge(member.Id)] },
                LastModified = Later,
                Audit = Entry(group, "patch") with { Summary = "members +1" },
            };
            (await Store.UpdateGroupAsync(update)).Outcome.Should().Be(StoreOutcome.Ok);
        }

        (await LogAsync(tenant)).Select(e => e.Version).Should().Equal(2L, 3L);
    }

    [SkippableFact]
    public async Task A_delete_appends_an_entry_without_a_version()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);

        (await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: 1, Entry(user, "delete") with { Version = 1 })).Should().Be(StoreOutcome.Ok);

        var logged = (await LogAsync(tenant)).Should().ContainSingle().Subject;
        logged.Operation.Should().Be("delete");
        logged.Version.Should().BeNull();
    }

    [SkippableFact]
    public async Task The_history_of_a_deleted_user_remains()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user, audit: Entry(user, "create"));
        await Store.ReplaceAsync(Changed(user, d => d["active"] = false), expectedVersion: 1, Entry(user, "replace"));
        await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null, Entry(user, "delete"));

        var history = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, ResourceId = user.Id, Limit = 10 });

        history.Select(e => (e.Operation, e.Version)).Should().Equal(("create", 1L), ("replace", 2L), ("delete", (long?)null));
        history.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [SkippableFact]
    public async Task Parallel_audited_writes_in_one_tenant_all_land_each_with_its_own_sequence()
    {
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 20).Select(i => User(tenant, $"user{i}")).ToList();

        var outcomes = await Task.WhenAll(users.Select(u => Store.CreateAsync(u, audit: Entry(u, "create"))));

        outcomes.Should().AllBeEquivalentTo(StoreOutcome.Ok);
        var log = await LogAsync(tenant);
        log.Select(e => e.ResourceId).Should().BeEquivalentTo(users.Select(u => u.Id));
        log.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [SkippableFact]
    public async Task A_write_without_an_entry_appends_nothing()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");

        await Store.CreateAsync(user);
        await Store.ReplaceAsync(Changed(user, d => d["title"] = "x"), expectedVersion: 1);
        await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null);

        (await LogAsync(tenant)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Failed_resource_writes_append_nothing()
    {
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        await Store.CreateAsync(alice);
        var missing = User(tenant, "nobody");

        (await Store.CreateAsync(User(tenant, "ALICE"), audit: Entry(alice, "create"))).Should().Be(StoreOutcome.Conflict);
        (await Store.ReplaceAsync(Changed(alice, d => d["title"] = "x"), expectedVersion: 1, Entry(alice, "replace"))).Should().Be(StoreOutcome.Ok);
        (await Store.ReplaceAsync(Changed(alice, d => d["title"] = "y"), expectedVersion: 1, Entry(alice, "stale replace")))
            .Should().Be(StoreOutcome.PreconditionFailed);
        (await Store.ReplaceAsync(Changed(missing, d => d["title"] = "x"), expectedVersion: 1, Entry(missing, "replace")))
            .Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteAsync(tenant, "User", alice.Id, expectedVersion: 1, Entry(alice, "stale delete"))).Should().Be(StoreOutcome.PreconditionFailed);
        (await Store.DeleteAsync(tenant, "User", missing.Id, expectedVersion: null, Entry(missing, "delete"))).Should().Be(StoreOutcome.NotFound);

        (await LogAsync(tenant)).Select(e => e.Operation).Should().Equal("replace");
    }

    [SkippableFact]
    public async Task Failed_group_writes_append_nothing()
    {
        var tenant = NewTenant();
        var group = Group(tenant, "Sales");
        await Store.CreateAsync(group);
        var absent = Group(tenant, "Absent");
        var update = new GroupUpdate { Tenant = tenant, GroupId = group.Id, LastModified = Later, Audit = Entry(group, "patch") };

        (await Store.CreateAsync(Group(tenant, "Team"), [new MemberEdge(NewId())], Entry(group, "create"))).Should().Be(StoreOutcome.MemberNotFound);
        (await Store.UpdateGroupAsync(update with { ExpectedVersion = 7 })).Outcome.Should().Be(StoreOutcome.PreconditionFailed);
        (await Store.UpdateGroupAsync(update with { Members = new MembershipChange { Add = [new MemberEdge(NewId())] } }))
            .Outcome.Should().Be(StoreOutcome.MemberNotFound);
        (await Store.UpdateGroupAsync(update with { GroupId = absent.Id, Audit = Entry(absent, "patch") })).Outcome.Should().Be(StoreOutcome.NotFound);

        (await LogAsync(tenant)).Should().BeEmpty();
    }

    // ---- append and query ----

    [SkippableFact]
    public async Task An_appended_entry_is_kept_as_given()
    {
        var tenant = NewTenant();
        var entry = new AuditEntry
        {
            Tenant = tenant,
            At = Later,
            Actor = "admin",
            Operation = "token.revoke",
            ResourceType = "Token",
            ResourceId = NewId(),
            Version = 3,
            RequestId = "req-9",
            Summary = "revoked 'okta'",
        };

        await Audit.AppendAsync(entry);

        var logged = (await LogAsync(tenant)).Should().ContainSingle().Subject;
        logged.Should().Be(entry with { Sequence = logged.Sequence });
    }

    [SkippableFact]
    public async Task Query_returns_the_entries_of_one_resource()
    {
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        var bob = User(tenant, "bob");
        await Store.CreateAsync(alice, audit: Entry(alice, "create"));
        await Store.CreateAsync(bob, audit: Entry(bob, "create"));
        await Store.ReplaceAsync(Changed(alice, d => d["title"] = "x"), expectedVersion: 1, Entry(alice, "replace"));

        var entries = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, ResourceId = alice.Id, Limit = 10 });

        entries.Select(e => (e.ResourceId, e.Operation)).Should().Equal((alice.Id, "create"), (alice.Id, "replace"));
    }

    [SkippableFact]
    public async Task Query_returns_the_entries_from_the_start_of_the_window_up_to_before_its_end()
    {
        var tenant = NewTenant();
        for (var hour = 0; hour < 5; hour++)
        {
            await Audit.AppendAsync(Entry(tenant, $"op{hour}", Created.AddHours(hour)));
        }

        var entries = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, From = Created.AddHours(1), To = Created.AddHours(3), Limit = 10 });

        entries.Select(e => e.Operation).Should().Equal("op1", "op2");
    }

    [SkippableFact]
    public async Task Query_pages_by_sequence_oldest_first()
    {
        var tenant = NewTenant();
        for (var i = 0; i < 5; i++)
        {
            await Audit.AppendAsync(Entry(tenant, $"op{i}", Created));
        }

        var first = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 2 });
        var second = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, AfterSequence = first[^1].Sequence, Limit = 2 });
        var third = await Audit.QueryAsync(new AuditQuery { Tenant = tenant, AfterSequence = second[^1].Sequence, Limit = 2 });

        first.Concat(second).Concat(third).Select(e => e.Operation).Should().Equal("op0", "op1", "op2", "op3", "op4");
        third.Should().ContainSingle();
    }

    [SkippableFact]
    public async Task A_tenant_sees_only_its_own_entries()
    {
        var acme = NewTenant();
        var globex = NewTenant();
        var id = NewId();
        await Store.CreateAsync(User(acme, "alice", id: id), audit: Entry(User(acme, "alice", id: id), "create"));
        await Store.CreateAsync(User(globex, "alice", id: id), audit: Entry(User(globex, "alice", id: id), "create"));
        await Audit.AppendAsync(Entry(globex, "token.create", Created));

        var entries = await Audit.QueryAsync(new AuditQuery { Tenant = acme, Limit = 10 });
        var byResource = await Audit.QueryAsync(new AuditQuery { Tenant = acme, ResourceId = id, Limit = 10 });

        entries.Should().ContainSingle().Which.Tenant.Should().Be(acme);
        byResource.Should().ContainSingle().Which.Tenant.Should().Be(acme);
    }

    [SkippableFact]
    public async Task A_tenant_without_entries_has_an_empty_log()
    {
        (await LogAsync(NewTenant())).Should().BeEmpty();
    }

    private Task<IReadOnlyList<AuditEntry>> LogAsync(string tenant) => Audit.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 100 });

    /// <summary>The entry the application services would hand over with a write of <paramref name="resource"/>.</summary>
    private static AuditEntry Entry(StoredResource resource, string operation) => new()
    {
        Tenant = resource.Tenant,
        At = Later,
        Actor = "entra-provisioning",
        Operation = operation,
        ResourceType = resource.ResourceType,
        ResourceId = resource.Id,
    };

    /// <summary>An entry with no resource write of its own (an admin API operation).</summary>
    private static AuditEntry Entry(string tenant, string operation, DateTimeOffset at) => new()
    {
        Tenant = tenant,
        At = at,
        Actor = "admin",
        Operation = operation,
        ResourceType = "Token",
        ResourceId = NewId(),
    };
}
