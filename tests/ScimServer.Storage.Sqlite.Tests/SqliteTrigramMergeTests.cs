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
    public async Task After_large_writes_the_idle_writer_merges_the_trigram_index_to_one_segment_a_level_and_co_still_finds_every_match()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await LoadAsync(store, tenant, "merge.example", loads: 12);

        // A small write between the loads and the merge: it goes first, the merge resumes after it.
        (await store.CreateAsync(User(tenant, "late@merge.example"))).Should().Be(StoreOutcome.Ok);

        await IdleAsync(store);
        var levels = await LevelsAsync();
        levels.Should().OnlyContain(segments => segments <= 1, "two segments of one level are merged while the writer is idle");
        levels.Sum().Should().BeLessThan(5, "the loads and the write left thirteen segments");
        var page = await store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User("userName co \"er0012\""), Limit = 100,
        });
        page.Resources.Select(user => (string)user.Document["userName"]!).Should().BeEquivalentTo(
            Enumerable.Range(120, 10).Select(i => $"user{i:D5}@merge.example"));
    }

    [Fact]
    public async Task A_large_write_into_a_merged_index_is_merged_without_rewriting_its_larger_segments()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await LoadAsync(store, tenant, "grown.example", loads: 8);

        await IdleAsync(store);
        var largest = await LargestSegmentAsync();

        // At a million users the largest segment is the whole index (100 MB): gathering every segment into one after
        // each Bulk rewrote it each time.
        await LoadAsync(store, tenant, "grown.example", loads: 1, first: 8);
        await IdleAsync(store);

        (await LargestSegmentAsync()).Should().Be(largest, "a segment of a hundred users has nothing to merge with at its level");
        (await LevelsAsync()).Should().OnlyContain(segments => segments <= 1);
        var page = await store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User("userName co \"r0085\""), Limit = 100,
        });
        page.Resources.Should().HaveCount(10, "the new users are found through their own segment");
    }

    [Fact]
    public async Task Once_a_load_is_merged_the_writer_gives_its_large_page_cache_back()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await LoadAsync(store, tenant, "cache.example", loads: 6);

        store.WriterCacheLarge.Should().BeTrue("a load writes with the large cache");
        await IdleAsync(store);

        (await LevelsAsync()).Should().OnlyContain(segments => segments <= 1);
        store.WriterCacheLarge.Should().BeFalse("the load is over and merged: its 64 MB go back");
    }

    [Fact]
    public async Task Once_a_load_is_over_the_writer_gives_its_large_page_cache_back_before_merging()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await LoadAsync(store, tenant, "early.example", loads: 6);

        await IdleAsync(store);

        (await LevelsAsync()).Should().OnlyContain(segments => segments <= 1);
        store.MergeStepsWithLargeCache.Should().Be(0, "the merge writes 100 pages a step; at a million users it runs for minutes, and the load's 64 MB would stay meanwhile");
    }

    [Fact]
    public async Task Once_a_load_is_over_the_idle_writer_has_the_managed_heap_compacted()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var before = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        await LoadAsync(store, tenant, "heap.example", loads: 3);

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

    /// <summary><paramref name="loads"/> large writes of 100 users each, <c>user{n:D5}@{domain}</c> from the hundred <paramref name="first"/>.</summary>
    private static async Task LoadAsync(SqliteScimStore store, string tenant, string domain, int loads, int first = 0)
    {
        for (var load = first; load < first + loads; load++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(load * 100, 100).Select(i => (User(tenant, $"user{i:D5}@{domain}"), (AuditEntry?)null))]);
        }
    }

    /// <summary>Until the writer has no idle work left and has given its large cache back (at most 10 s).</summary>
    private static async Task IdleAsync(SqliteScimStore store)
    {
        for (var waited = 0; (store.IdleWorkPending || store.WriterCacheLarge) && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        store.IdleWorkPending.Should().BeFalse("the writer finished its idle work within 10 s");
    }

    /// <summary>Segments of the users' trigram index (each segment's terms are in the index table under its id).</summary>
    private async Task<long> SegmentsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT segid) FROM users_keys_fts_idx";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The id of the users' trigram index segment with the most leaf pages.</summary>
    private async Task<long> LargestSegmentAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT segid FROM users_keys_fts_idx GROUP BY segid ORDER BY count(*) DESC, segid LIMIT 1";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The number of segments at each level of the users' trigram index, from FTS5's structure record (row 10 of its
    /// data table: a 4-byte cookie, the level and segment counts, the write counter, then per level the segments being
    /// merged, the segment count and each segment's id and first and last page — SQLite varints).
    /// </summary>
    private async Task<int[]> LevelsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block FROM users_keys_fts_data WHERE id = 10";
        var record = (byte[])(await command.ExecuteScalarAsync())!;
        var at = 4;
        var version2 = record.AsSpan(at).StartsWith(new byte[] { 0xFF, 0x00, 0x00, 0x01 });
        if (version2)
        {
            at += 4;
        }

        var levels = new int[Varint(record, ref at)];
        Varint(record, ref at);
        Varint(record, ref at);
        for (var level = 0; level < levels.Length; level++)
        {
            Varint(record, ref at);
            levels[level] = (int)Varint(record, ref at);
            for (var segment = 0; segment < levels[level] * (version2 ? 8 : 3); segment++)
            {
                Varint(record, ref at);
            }
        }

        at.Should().Be(record.Length, "the whole structure record was read");
        return levels;
    }

    private static long Varint(byte[] data, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 8; i++)
        {
            var b = data[at++];
            value = (value << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return (value << 8) | (uint)data[at++];
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={database.Path};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}
