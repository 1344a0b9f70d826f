using Microsoft.Data.Sqlite;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>
/// A <c>co</c> filter asks the trigram index for the value's rarest trigrams only (<see cref="TrigramStatistics"/>):
/// the ranking agrees with a count of the keys themselves, and the query the store builds carries those trigrams.
/// </summary>
public sealed class TrigramStatisticsTests(QueryPlanFixture fixture) : IClassFixture<QueryPlanFixture>
{
    [Theory]
    [InlineData("user00017@exa")]
    [InlineData("ser 1234")]
    [InlineData("u123@home.ex")]
    [InlineData("MILY49")]
    public async Task The_trigrams_asked_are_the_three_held_by_the_fewest_keys(string value)
    {
        await using var connection = await OpenAsync();
        var trigrams = SqliteFilterTranslator.TrigramsOf(value.ToLowerInvariant());

        var chosen = new TrigramStatistics(TimeProvider.System).Rarest(connection, "users_keys", trigrams);

        // The oracle: each trigram's keys counted by reading every key (what the vocabulary answers from the index).
        var counted = new List<(long Count, int Order)>();
        for (var i = 0; i < trigrams.Count; i++)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM users_keys WHERE instr(lower(value), @trigram) > 0";
            count.Parameters.AddWithValue("@trigram", trigrams[i]);
            counted.Add(((long)(await count.ExecuteScalarAsync())!, i));
        }

        var expected = counted.Order().Take(TrigramStatistics.Chosen).Select(c => trigrams[c.Order]);
        chosen.Should().Equal(expected);
        counted.Max(c => c.Count).Should().BeGreaterThan(counted.Min(c => c.Count), "the value must have common and rare trigrams");
    }

    [Fact]
    public async Task A_value_of_three_trigrams_or_fewer_asks_for_all_of_them_without_counting()
    {
        await using var connection = await OpenAsync();
        var statistics = new TrigramStatistics(TimeProvider.System);

        // Closed: a count would fail, so none is made.
        await connection.CloseAsync();
        statistics.Rarest(connection, "users_keys", ["r00", "r01", "use"]).Should().Equal("r00", "r01", "use");
    }

    [Fact]
    public async Task A_count_is_read_again_once_it_has_aged()
    {
        await using var connection = await OpenAsync();
        var time = new ManualTime();
        var statistics = new TrigramStatistics(time);
        string[] trigrams = ["use", "ser", "zq1", "zq2"];
        statistics.Rarest(connection, "users_keys", trigrams).Should().Equal("zq1", "zq2", "use");

        // "zq1" turns common (as in an initial sync): the known count is kept for a while, then read again.
        await InsertKeysAsync(connection, "zq1x", 20_000);
        statistics.Rarest(connection, "users_keys", trigrams).Should().Equal("zq1", "zq2", "use");
        time.Advance(TimeSpan.FromMinutes(11));
        statistics.Rarest(connection, "users_keys", trigrams).Should().Equal("zq2", "use", "ser");
    }

    [Fact]
    public void The_query_built_for_a_co_filter_asks_the_index_for_the_chosen_trigrams_only()
    {
        var query = fixture.Query("User", "displayName co \"User 1234\"");
        string? seenTable = null;
        IReadOnlyList<string>? seen = null;

        var plan = QueryStatements.Build(query, (table, all) =>
        {
            (seenTable, seen) = (table, all);
            return ["123", "234"];
        });

        seenTable.Should().Be("users_keys");
        seen.Should().Equal(SqliteFilterTranslator.TrigramsOf("user 1234"));
        plan.Parameters.Select(p => p.Value).Should().Contain("\"123\" AND \"234\"")
            .And.NotContain(p => p is string && ((string)p!).Contains("\"use\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("userName co \"r0001\"", 10)]
    [InlineData("displayName co \"ser 123\"", 11)]
    [InlineData("emails.value co \"@home.exam\"", QueryPlanFixture.Users)]
    [InlineData("name.familyName co \"MILY49\"", 88)]
    public async Task A_co_filter_finds_every_match_whichever_trigrams_are_asked(string filter, int expected)
    {
        var page = await fixture.Store.QueryAsync(fixture.Query("User", filter, limit: 100) with { CountTotal = true });

        page.Resources.Should().HaveCount(Math.Min(expected, 100));
        page.TotalResults.Should().Be(expected);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={fixture.DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Keys outside any tenant the fixture reads, in a transaction rolled back when the connection closes.</summary>
    private static async Task InsertKeysAsync(SqliteConnection connection, string value, int count)
    {
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN";
        await begin.ExecuteNonQueryAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO users_keys (tenant, id, path, value, eulav) SELECT 'zz-test', 'k' || i, 'userName', @value || i, '' FROM n;
            INSERT INTO users_keys_fts (rowid, value) SELECT seq, value FROM users_keys WHERE tenant = 'zz-test';
            """;
        insert.Parameters.AddWithValue("@count", count);
        insert.Parameters.AddWithValue("@value", value);
        await insert.ExecuteNonQueryAsync();
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
