using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// A store holding enough rows for SQLite's planner to choose as it would in production: 4,000 users of one tenant
/// and 1,000 of another, with emails, names and external ids, groups (one of 2,000 members, nested groups), and
/// statistics (<c>ANALYZE</c> through the store's own start-up). Read-only once built.
/// </summary>
public sealed class QueryPlanFixture : IAsyncLifetime
{
    public const string Tenant = "acme";
    public const int Users = 4_000;

    private readonly TemporaryDatabase database = new();

    public SqliteScimStore Store { get; private set; } = null!;

    /// <summary>The store's file, for a test that reads it with a connection of its own.</summary>
    public string DatabasePath => database.Path;

    public SchemaRegistry Schemas { get; } = SchemaRegistry.LoadEmbedded();

    public IReadOnlyList<string> UserIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Store = database.CreateStore();
        await Store.InitializeAsync();
        var ids = new List<string>();
        foreach (var (tenant, count) in new[] { (Tenant, Users), ("other", Users / 4) })
        {
            var batch = new List<(StoredResource, AuditEntry?)>();
            for (var i = 0; i < count; i++)
            {
                var user = TestResources.User(
                    tenant,
                    $"user{i:D5}@example.com",
                    $$"""
                    {"name": {"givenName": "Given{{i}}", "familyName": "Family{{i % 500}}"}, "displayName": "User {{i}}",
                     "active": {{(i % 10 == 0 ? "false" : "true")}},
                     "emails": [{"value": "user{{i:D5}}@example.com", "type": "work", "primary": true}, {"value": "u{{i}}@home.example", "type": "home"}]}
                    """,
                    externalId: $"ext-{i}");
                batch.Add((user, null));
                if (tenant == Tenant)
                {
                    ids.Add(user.Id);
                }
            }

            await Store.CreateManyAsync(batch);
        }

        UserIds = ids;
        var big = TestResources.Group(Tenant, "Everyone", id: "g-big");
        await Store.CreateAsync(big, [.. ids.Take(Users / 2).Select(id => new MemberEdge(id, "User"))]);
        var parent = "g-big";
        for (var level = 0; level < 10; level++)
        {
            var nested = TestResources.Group(Tenant, $"Level {level}", id: $"g-level-{level}");
            await Store.CreateAsync(nested, [new MemberEdge(parent, "Group")]);
            parent = nested.Id;
        }

        for (var i = 0; i < 200; i++)
        {
            await Store.CreateAsync(TestResources.Group(Tenant, $"Team {i}"), [.. ids.Skip(i * 20).Take(20).Select(id => new MemberEdge(id, "User"))]);
        }

        // The statistics a long-running server has: the store's start-up analyses what changed.
        await Store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        database.Dispose();
        return Task.CompletedTask;
    }

    public ResourceQuery Query(string resourceType, string? filter, int limit = 100, string? sortBy = null)
    {
        var bound = filter is null ? null : resourceType == "User" ? ParsedFilter.User(filter) : ParsedFilter.Group(filter);

        SortSpec? sort = null;
        if (sortBy is not null)
        {
            sort = new FilterBinder(new AttributeResolver(Schemas)).BindSort(Schemas.GetResourceType(resourceType), AttributePathText.TryParse(sortBy)!, descending: false).Value;
        }

        return new ResourceQuery { Tenant = Tenant, ResourceType = resourceType, Filter = bound, Limit = limit, Sort = sort };
    }
}
