using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.Bound;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// Membership filters on a group of 250,000 users (issue 13: they must hold at 200,000 members). The users and the
/// group's edges are written with SQL, each in one statement (the store's own write paths would take a minute here);
/// the groups and the nesting go through the store.
/// </summary>
public sealed class SqliteLargeGroupTests : IDisposable
{
    private const int Size = 250_000;

    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task A_group_of_250000_members_is_found_by_member_and_its_members_by_group_with_exact_counts()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var outsider = User(tenant, "outsider");
        (await store.CreateAsync(outsider)).Should().Be(StoreOutcome.Ok);
        (await ExecuteAsync(store, tenant, """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @size - 1)
            INSERT INTO users (tenant, id, version, created, last_modified, unique_key, doc)
            SELECT @tenant, printf('member-%06d', i), 1, o.created, o.last_modified, printf('member%06d', i),
                   json_object('schemas', json_array(@schema), 'userName', printf('member%06d', i))
            FROM n, (SELECT created, last_modified FROM users WHERE tenant = @tenant) AS o
            """)).Should().Be(Size);

        // Zero-padded: in id order already.
        var ids = Enumerable.Range(0, Size).Select(i => $"member-{i:D6}").ToList();
        var all = Group(tenant, "All");
        (await store.CreateAsync(all)).Should().Be(StoreOutcome.Ok);
        var parent = Group(tenant, "Parent");
        (await store.CreateAsync(parent, [new MemberEdge(all.Id, "Group")])).Should().Be(StoreOutcome.Ok);
        var other = Group(tenant, "Other");
        (await store.CreateAsync(other, [new MemberEdge(ids[7], "User")])).Should().Be(StoreOutcome.Ok);
        (await ExecuteAsync(store, tenant, $"""
            INSERT INTO members (tenant, group_id, member_id, member_type)
            SELECT tenant, '{all.Id}', id, 'User' FROM users WHERE tenant = @tenant AND id LIKE 'member-%'
            """)).Should().Be(Size);
        var groupsValue = TestSchema.User("groups.value");
        var membersValue = TestSchema.Group("members.value");

        var middle = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Eq(groupsValue, all.Id), Offset = Size / 2, Limit = 50 });
        middle.TotalResults.Should().Be(Size);
        middle.Resources.Select(r => r.Id).Should().Equal(ids.Skip(Size / 2).Take(50));

        var nested = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Eq(groupsValue, parent.Id), Limit = 10 });
        nested.TotalResults.Should().Be(Size);
        nested.Resources.Select(r => r.Id).Should().Equal(ids.Take(10));

        var outside = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Ne(groupsValue, all.Id), Limit = 10 });
        outside.Resources.Select(r => r.Id).Should().Equal(outsider.Id);
        outside.TotalResults.Should().Be(1);

        (await GroupIdsAsync(store, tenant, Eq(membersValue, ids[7]))).Should().BeEquivalentTo(all.Id, other.Id);
        (await GroupIdsAsync(store, tenant, Eq(membersValue, ids[^1]))).Should().Equal(all.Id);
        (await GroupIdsAsync(store, tenant, Eq(membersValue, outsider.Id))).Should().BeEmpty();
    }

    private static async Task<IReadOnlyList<string>> GroupIdsAsync(SqliteScimStore store, string tenant, Core.Filtering.BoundFilter filter) =>
        [.. (await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "Group", Filter = filter, Limit = 10 })).Resources.Select(r => r.Id)];

    /// <summary>One statement in its own transaction, beside the store (nothing was read yet, so no cache is stale).</summary>
    private static async Task<int> ExecuteAsync(SqliteScimStore store, string tenant, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@size", Size);
        command.Parameters.AddWithValue("@schema", UserSchemaUrn);
        return await command.ExecuteNonQueryAsync();
    }
}
