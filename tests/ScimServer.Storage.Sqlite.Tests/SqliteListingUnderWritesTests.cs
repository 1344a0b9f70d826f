using Microsoft.Data.Sqlite;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// What a listing keeps while writes go on (a reconcile paging through every user while an HR sync writes): the
/// unfiltered total is the tenant's kept count (no COUNT, exact after every write), and the page bookmarks of the
/// unfiltered listing in id order survive writes that move nobody in that order, and only those.
/// </summary>
public sealed class SqliteListingUnderWritesTests : IDisposable
{
    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task An_unfiltered_total_is_the_tenants_kept_count_exact_after_every_write_and_never_a_COUNT()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var (tenant, other) = (NewTenant(), NewTenant());
        await store.CreateManyAsync([.. Enumerable.Range(0, 5).Select(i => (User(tenant, $"u{i}"), (AuditEntry?)null))]);
        await store.CreateManyAsync([(User(other, "elsewhere"), null)]);
        var last = User(tenant, "last");
        await store.CreateAsync(last);
        (await store.CreateAsync(User(tenant, "U0"))).Should().Be(StoreOutcome.Conflict, "a taken userName changes nothing");
        (await store.CreateManyAsync([(User(tenant, "u1"), null), (User(tenant, "u9"), null)])).Should().Equal(StoreOutcome.Conflict, StoreOutcome.Ok);
        (await store.DeleteAsync(tenant, "User", last.Id, expectedVersion: null)).Should().Be(StoreOutcome.Ok);
        (await store.CreateAsync(Group(tenant, "g"), [new MemberEdge("missing", "User")])).Should().NotBe(StoreOutcome.Ok);

        var users = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 2 });
        var groups = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "Group", Limit = 2 });
        var elsewhere = await store.QueryAsync(new ResourceQuery { Tenant = other, ResourceType = "User", Limit = 0 });

        users.TotalResults.Should().Be(6, "five, one more, a conflict, one of two in a batch, one deleted");
        groups.TotalResults.Should().Be(0, "the group with a missing member was not created");
        elsewhere.TotalResults.Should().Be(1);
        store.CountsRun.Should().Be(0);
    }

    [Fact]
    public async Task A_file_from_before_the_kept_counts_gets_them_counted_at_start_up()
    {
        var tenant = NewTenant();
        using (var store = database.CreateStore())
        {
            await store.InitializeAsync();
            await store.CreateManyAsync([.. Enumerable.Range(0, 7).Select(i => (User(tenant, $"u{i}"), (AuditEntry?)null))]);
        }

        // As a file of the step before left it: no counts table, no triggers.
        await using (var connection = new SqliteConnection($"Data Source={database.Path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DROP TRIGGER users_counted; DROP TRIGGER users_uncounted; DROP TRIGGER groups_counted; DROP TRIGGER groups_uncounted;
                DROP TABLE resource_counts; PRAGMA user_version = 4;
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        using var reopened = database.CreateStore();
        await reopened.InitializeAsync();
        await reopened.CreateAsync(User(tenant, "after"));

        var page = await reopened.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 1 });
        page.TotalResults.Should().Be(8);
    }

    [Fact]
    public async Task Deep_pages_keep_their_bookmarks_through_creations_at_the_end_and_changes_and_walk_again_after_anything_that_moves_a_user()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 1_000).Select(i => User(tenant, $"user{i:D4}", id: $"u-{i:D5}")).ToList();
        await store.CreateManyAsync([.. users.Select(user => (user, (AuditEntry?)null))]);
        async Task<string> FirstIdAtAsync(int offset, string? filter = null) => (await store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Offset = offset, Limit = 5, Filter = filter is null ? null : ParsedFilter.User(filter),
        })).Resources[0].Id;

        (await FirstIdAtAsync(600)).Should().Be("u-00600");
        store.BookmarkWalks.Should().Be(1);

        await store.CreateAsync(User(tenant, "newest", id: "u-01000"));
        await store.ReplaceAsync(Changed(users[3], d => d["displayName"] = "Changed"), users[3].Version);
        await store.CreateManyAsync([(User(tenant, "batch1", id: "u-01001"), null), (User(tenant, "batch2", id: "u-01002"), null)]);
        (await FirstIdAtAsync(600)).Should().Be("u-00600");
        store.BookmarkWalks.Should().Be(1, "creations at the end and a change of attributes move nobody");

        await store.CreateAsync(User(tenant, "inserted", id: "u-00001x"));
        (await FirstIdAtAsync(600)).Should().Be("u-00599", "one user now comes before the others");
        store.BookmarkWalks.Should().Be(2);

        await store.DeleteAsync(tenant, "User", "u-00010", expectedVersion: null);
        (await FirstIdAtAsync(600)).Should().Be("u-00600");
        store.BookmarkWalks.Should().Be(3);

        // A filtered listing: a change of attributes can move a user in or out of it.
        (await FirstIdAtAsync(300, "userName pr")).Should().Be("u-00300");
        await store.CreateAsync(User(tenant, "newer", id: "u-01003"));
        (await FirstIdAtAsync(300, "userName pr")).Should().Be("u-00300");
        store.BookmarkWalks.Should().Be(5);
    }
}
