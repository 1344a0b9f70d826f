using ScimServer.Core.Events;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// What every <see cref="IEventStreamStore"/> must do (streams, their cursor into the audit log, poll acknowledgements,
/// failures and the delivery lease), tested only through the ports. Every test works in fresh tenants and streams, so
/// one store instance may serve them all.
/// </summary>
public abstract class EventStreamStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Later = Created.AddMinutes(5);

    private IResourceStore? store;
    private IEventStreamStore? streams;
    private ITenantStore? tenants;
    private IAuditLog? audit;

    protected IResourceStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    protected IEventStreamStore Streams => streams ?? throw new InvalidOperationException("The store is not created yet.");

    protected ITenantStore Tenants => tenants ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>The resource store whose audited writes the streams follow, initialised (it may be shared between tests).</summary>
    protected abstract Task<IResourceStore> CreateStoreAsync();

    protected abstract Task<IEventStreamStore> CreateEventStreamStoreAsync();

    protected abstract Task<ITenantStore> CreateTenantStoreAsync();

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
        streams = await CreateEventStreamStoreAsync();
        tenants = await CreateTenantStoreAsync();
        audit = await CreateAuditLogAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task A_new_stream_starts_at_its_tenants_newest_entry_and_not_at_another_tenants()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var first = await AuditedCreateAsync(tenant, "alice");
        await AuditedCreateAsync(other, "bob");

        var created = await Streams.CreateStreamAsync(Poll(tenant));

        created.Cursor.Should().Be(first);
        (await Streams.GetStreamAsync(tenant, created.Id))!.Cursor.Should().Be(first);
        (await Streams.CreateStreamAsync(Poll(NewTenant()))).Cursor.Should().Be(0, "a tenant without entries starts at the beginning");
    }

    [SkippableFact]
    public async Task A_stream_is_read_back_with_its_settings_and_only_in_its_own_tenant()
    {
        var tenant = NewTenant();
        var push = Poll(tenant) with
        {
            Delivery = EventDelivery.Push,
            Endpoint = "https://app.example.com/scim-events",
            Authorization = "Bearer secret",
            Events = [ProvisioningEventUris.CreateNotice, ProvisioningEventUris.Deactivate],
            Paused = true,
        };

        await Streams.CreateStreamAsync(push);

        (await Streams.GetStreamAsync(tenant, push.Id)).Should().BeEquivalentTo(push, options => options.WithStrictOrdering());
        (await Streams.GetStreamAsync(NewTenant(), push.Id)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Streams_are_listed_per_tenant_oldest_first_and_all_of_them_without_a_tenant()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var second = Poll(tenant) with { Created = Created.AddMinutes(1) };
        var first = Poll(tenant);
        var others = Poll(other);
        foreach (var stream in new[] { second, first, others })
        {
            await Streams.CreateStreamAsync(stream);
        }

        (await Streams.ListStreamsAsync(tenant)).Select(s => s.Id).Should().Equal(first.Id, second.Id);
        (await Streams.ListStreamsAsync(tenant: null)).Select(s => s.Id).Should().Contain([first.Id, second.Id, others.Id]);
    }

    [SkippableFact]
    public async Task Pausing_and_resuming_reach_only_a_stream_of_the_tenant()
    {
        var tenant = NewTenant();
        var stream = await Streams.CreateStreamAsync(Poll(tenant));

        (await Streams.SetPausedAsync(tenant, stream.Id, paused: true)).Should().Be(StoreOutcome.Ok);
        (await Streams.GetStreamAsync(tenant, stream.Id))!.Paused.Should().BeTrue();
        (await Streams.SetPausedAsync(tenant, stream.Id, paused: false)).Should().Be(StoreOutcome.Ok);
        (await Streams.GetStreamAsync(tenant, stream.Id))!.Paused.Should().BeFalse();
        (await Streams.SetPausedAsync(NewTenant(), stream.Id, paused: true)).Should().Be(StoreOutcome.NotFound);
        (await Streams.GetStreamAsync(tenant, stream.Id))!.Paused.Should().BeFalse();
    }

    [SkippableFact]
    public async Task Deleting_a_stream_removes_it_and_its_acknowledgements_and_only_in_its_tenant()
    {
        var tenant = NewTenant();
        var stream = await Streams.CreateStreamAsync(Poll(tenant));
        await Streams.AddAcknowledgementsAsync(stream.Id, [5, 7]);

        (await Streams.DeleteStreamAsync(NewTenant(), stream.Id)).Should().Be(StoreOutcome.NotFound);
        (await Streams.GetAcknowledgementsAsync(stream.Id)).Should().HaveCount(2);
        (await Streams.DeleteStreamAsync(tenant, stream.Id)).Should().Be(StoreOutcome.Ok);

        (await Streams.GetStreamAsync(tenant, stream.Id)).Should().BeNull();
        (await Streams.GetAcknowledgementsAsync(stream.Id)).Should().BeEmpty();
        (await Streams.DeleteStreamAsync(tenant, stream.Id)).Should().Be(StoreOutcome.NotFound);
    }

    [SkippableFact]
    public async Task The_cursor_moves_forward_only_drops_the_acknowledgements_it_passes_and_ends_a_run_of_failures()
    {
        var tenant = NewTenant();
        var stream = await Streams.CreateStreamAsync(Poll(tenant));
        await Streams.AddAcknowledgementsAsync(stream.Id, [3, 5, 9]);
        await Streams.RecordFailureAsync(stream.Id, Created, "503");

        await Streams.AdvanceCursorAsync(stream.Id, 5, Later);
        await Streams.AdvanceCursorAsync(stream.Id, 4, Later.AddMinutes(1));

        var moved = (await Streams.GetStreamAsync(tenant, stream.Id))!;
        moved.Cursor.Should().Be(5);
        moved.LastDelivered.Should().Be(Later.AddMinutes(1));
        moved.Failures.Should().Be(0);
        moved.FailingSince.Should().BeNull();
        moved.LastError.Should().BeNull();
        (await Streams.GetAcknowledgementsAsync(stream.Id)).Should().BeEquivalentTo([9L]);
    }

    [SkippableFact]
    public async Task Failures_are_counted_from_the_start_of_their_run_with_the_last_error_kept_as_given()
    {
        var tenant = NewTenant();
        var stream = await Streams.CreateStreamAsync(Poll(tenant) with { Delivery = EventDelivery.Push, Endpoint = "https://r.example/" });

        await Streams.RecordFailureAsync(stream.Id, Created, "503 Service Unavailable");
        await Streams.RecordFailureAsync(stream.Id, Later, "$cursor: a receiver's text that looks like a field path");

        var failing = (await Streams.GetStreamAsync(tenant, stream.Id))!;
        failing.Failures.Should().Be(2);
        failing.FailingSince.Should().Be(Created);
        failing.LastError.Should().Be("$cursor: a receiver's text that looks like a field path");
    }

    [SkippableFact]
    public async Task Acknowledgements_above_the_cursor_are_kept_once_and_those_at_or_below_it_are_not()
    {
        var tenant = NewTenant();
        var cursor = await AuditedCreateAsync(tenant, "alice");
        var stream = await Streams.CreateStreamAsync(Poll(tenant));

        await Streams.AddAcknowledgementsAsync(stream.Id, [cursor - 1, cursor, cursor + 2, cursor + 4]);
        await Streams.AddAcknowledgementsAsync(stream.Id, [cursor + 2]);
        await Streams.AddAcknowledgementsAsync(stream.Id, []);

        (await Streams.GetAcknowledgementsAsync(stream.Id)).Should().BeEquivalentTo([cursor + 2, cursor + 4]);
    }

    [SkippableFact]
    public async Task One_owner_holds_the_lease_until_it_expires_and_may_renew_it()
    {
        var stream = await Streams.CreateStreamAsync(Poll(NewTenant()) with { Delivery = EventDelivery.Push, Endpoint = "https://r.example/" });
        var now = Created;

        (await Streams.TryLeaseAsync(stream.Id, "a", now, now.AddSeconds(30))).Should().BeTrue();
        (await Streams.TryLeaseAsync(stream.Id, "b", now.AddSeconds(10), now.AddSeconds(40))).Should().BeFalse();
        (await Streams.TryLeaseAsync(stream.Id, "a", now.AddSeconds(20), now.AddSeconds(50))).Should().BeTrue("its owner renews it");
        (await Streams.TryLeaseAsync(stream.Id, "b", now.AddSeconds(40), now.AddSeconds(70))).Should().BeFalse("the renewal holds it to 50 s");
        (await Streams.TryLeaseAsync(stream.Id, "b", now.AddSeconds(51), now.AddSeconds(81))).Should().BeTrue("a's lease ran out");
        (await Streams.TryLeaseAsync(stream.Id, "a", now.AddSeconds(60), now.AddSeconds(90))).Should().BeFalse();
        (await Streams.TryLeaseAsync("no-such-stream", "a", now, now.AddSeconds(30))).Should().BeFalse();
    }

    [SkippableFact]
    public async Task Of_owners_asking_for_a_free_lease_at_once_exactly_one_gets_it()
    {
        var stream = await Streams.CreateStreamAsync(Poll(NewTenant()) with { Delivery = EventDelivery.Push, Endpoint = "https://r.example/" });

        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Streams.TryLeaseAsync(stream.Id, $"owner-{i}", Created, Created.AddSeconds(30)))));

        taken.Count(t => t).Should().Be(1);
    }

    [SkippableFact]
    public async Task Deleting_a_tenant_deletes_its_streams_and_their_acknowledgements_and_no_other_tenants()
    {
        var (doomed, kept) = (NewTenant(), NewTenant());
        foreach (var tenant in new[] { doomed, kept })
        {
            (await Tenants.CreateTenantAsync(new TenantRecord { Id = tenant, Name = tenant, Created = Created })).Should().Be(StoreOutcome.Ok);
            await Streams.CreateStreamAsync(Poll(tenant) with { Id = $"s-{tenant}" });
            await Streams.AddAcknowledgementsAsync($"s-{tenant}", [5, 7]);
        }

        (await Tenants.DeleteTenantAsync(doomed)).Should().Be(StoreOutcome.Ok);

        (await Streams.ListStreamsAsync(doomed)).Should().BeEmpty();
        (await Streams.GetAcknowledgementsAsync($"s-{doomed}")).Should().BeEmpty();
        (await Streams.ListStreamsAsync(kept)).Should().ContainSingle();
        (await Streams.GetAcknowledgementsAsync($"s-{kept}")).Should().BeEquivalentTo([5L, 7L]);
    }

    private static EventStream Poll(string tenant) => new()
    {
        Id = NewId(),
        Tenant = tenant,
        Delivery = EventDelivery.Poll,
        Created = Created,
    };

    /// <summary>Creates a user with an audit entry; returns the entry's sequence.</summary>
    private async Task<long> AuditedCreateAsync(string tenant, string userName)
    {
        var user = User(tenant, userName);
        var entry = new AuditEntry
        {
            Tenant = tenant,
            At = Created,
            Actor = "okta",
            Operation = "create",
            ResourceType = user.ResourceType,
            ResourceId = user.Id,
            Change = new ResourceChange { Attributes = ["userName"] },
        };
        (await Store.CreateAsync(user, audit: entry)).Should().Be(StoreOutcome.Ok);
        var log = await audit!.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 1_000 });
        return log[^1].Sequence;
    }
}
