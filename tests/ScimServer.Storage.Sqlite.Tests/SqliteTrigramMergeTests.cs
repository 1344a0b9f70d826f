using Microsoft.Data.Sqlite;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// After large writes the writer, once idle, merges the trigram index's segments (each transaction adds one), so a
/// co filter looks its trigrams up in one segment instead of dozens; writes keep going meanwhile. Then it gives the
/// load's page cache back.
/// </summary>
public sealed class SqliteTrigramMergeTests : IDisposable
{
    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task After_large_writes_the_idle_writer_merges_the_trigram_index_into_one_segment_and_co_still_finds_every_match()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        for (var load = 0; load < 12; load++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@merge.example"), (AuditEntry?)null))]);
        }

        // A small write between the loads and the merge: it goes first, the merge resumes after it.
        (await store.CreateAsync(User(tenant, "late@merge.example"))).Should().Be(StoreOutcome.Ok);

        var segments = await SegmentsAsync();
        for (var waited = 0; segments > 1 && waited < 200; waited++)
        {
            await Task.Delay(50);
            segments = await SegmentsAsync();
        }

        segments.Should().Be(1, "the loads and the write left a segment each, merged while the writer was idle");
        var page = await store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User("userName co \"er0012\""), Limit = 100,
        });
        page.Resources.Select(user => (string)user.Document["userName"]!).Should().BeEquivalentTo(
            Enumerable.Range(120, 10).Select(i => $"user{i:D5}@merge.example"));
    }

    [Fact]
    public async Task Once_a_load_is_merged_the_writer_gives_its_large_page_cache_back()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        for (var load = 0; load < 6; load++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@cache.example"), (AuditEntry?)null))]);
        }

        store.WriterCacheLarge.Should().BeTrue("a load writes with the large cache");
        for (var waited = 0; (store.WriterCacheLarge || await SegmentsAsync() > 1) && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        (await SegmentsAsync()).Should().Be(1);
        store.WriterCacheLarge.Should().BeFalse("the load is over and merged: its 64 MB go back");
    }

    [Fact]
    public async Task Once_a_load_is_over_the_writer_gives_its_large_page_cache_back_before_merging()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        for (var load = 0; load < 6; load++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@early.example"), (AuditEntry?)null))]);
        }

        for (var waited = 0; (store.WriterCacheLarge || await SegmentsAsync() > 1) && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        (await SegmentsAsync()).Should().Be(1);
        store.MergeStepsWithLargeCache.Should().Be(0, "the merge writes 100 pages a step; at a million users it runs for minutes, and the load's 64 MB would stay meanwhile");
    }

    [Fact]
    public async Task Once_a_load_is_over_the_idle_writer_has_the_managed_heap_compacted()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var before = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        for (var load = 0; load < 3; load++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@heap.example"), (AuditEntry?)null))]);
        }

        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        for (var waited = 0; last.Index == before && waited < 200; waited++)
        {
            await Task.Delay(50);
            last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        }

        last.Index.Should().BeGreaterThan(before, "a load's requests die old, where only a full collection reaches them, and an idle server never triggers one");
        last.Compacted.Should().BeTrue();
    }

    [Fact]
    public async Task Small_writes_alone_leave_the_merging_to_FTS5()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        for (var i = 0; i < 3; i++)
        {
            await store.CreateAsync(User(tenant, $"small{i}@merge.example"));
        }

        await Task.Delay(300);
        (await SegmentsAsync()).Should().Be(3, "no large write scheduled a merge, and FTS5 merges four at a time");
    }

    /// <summary>Segments of the users' trigram index (each segment's terms are in the index table under its id).</summary>
    private async Task<long> SegmentsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={database.Path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT segid) FROM users_keys_fts_idx";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
