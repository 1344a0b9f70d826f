using System.Collections.Concurrent;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Each tenant's <see cref="GroupGraph"/>, kept until a write changes a group or a group-to-group edge in that tenant.
/// Such a write calls <see cref="Invalidate"/> after its commit and before it returns, so a client never reads
/// <c>groups</c> from before its acknowledged write; a graph read while a write commits is kept under the generation
/// read before it, which that write's invalidation already outdated. The store is the only writer of its file.
/// </summary>
internal sealed class GroupGraphCache
{
    /// <summary>A tenant with more groups is walked in SQL: the graph's memory stays bounded (a few MB at most).</summary>
    public const int MaxGroupsPerTenant = 20_000;

    /// <summary>Bounds the groups kept over all tenants; past it the cache starts over.</summary>
    private const int MaxGroups = 200_000;

    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> graphs = new(StringComparer.Ordinal);

    /// <summary>
    /// The tenant's graph, read by <paramref name="load"/> at most once per generation however many requests ask at
    /// once; null when the tenant has more than <see cref="MaxGroupsPerTenant"/> groups.
    /// </summary>
    public Task<GroupGraph?> GetAsync(string tenant, Func<string, Task<GroupGraph?>> load)
    {
        var generation = generations.GetValueOrDefault(tenant);
        var fresh = new Entry(generation, new Lazy<Task<GroupGraph?>>(() => KeepAsync(load(tenant))));
        var entry = graphs.AddOrUpdate(
            tenant,
            _ => fresh,
            (_, old) => old.Generation == generation && !old.Graph.Value.IsFaulted ? old : fresh);
        return entry.Graph.Value;
    }

    private async Task<GroupGraph?> KeepAsync(Task<GroupGraph?> loading)
    {
        var graph = await loading;

        // Counted over the graphs kept now (loads are rare: once per tenant and group write), not summed over loads,
        // which would count a tenant again at each of its reloads.
        if ((graph?.Count ?? 0) + graphs.Values.Sum(Kept) > MaxGroups)
        {
            graphs.Clear();
        }

        return graph;
    }

    /// <summary>After a committed write of a group or a group-to-group edge in <paramref name="tenant"/>.</summary>
    public void Invalidate(string tenant) => generations.AddOrUpdate(tenant, 1, static (_, generation) => generation + 1);

    private static int Kept(Entry entry) =>
        entry.Graph is { IsValueCreated: true, Value: { IsCompletedSuccessfully: true, Result: { } graph } } ? graph.Count : 0;

    private sealed record Entry(long Generation, Lazy<Task<GroupGraph?>> Graph);
}
