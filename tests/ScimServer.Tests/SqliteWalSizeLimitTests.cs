using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// <c>Storage:SqliteWalSizeLimit</c>: past it the WAL is started over and its file cut back to it, while clients read
/// and write (SqliteWalLimitTests in the store's tests shows it under reads that never pause).
/// </summary>
public sealed class SqliteWalSizeLimitTests
{
    private const long Limit = 512 * 1024;

    [Fact]
    public async Task After_a_Bulk_load_the_WAL_file_is_cut_back_to_the_configured_limit_while_clients_keep_reading_and_writing()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Storage:SqliteWalSizeLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var client = factory.CreateScimClient();
        var operations = new JArray(Enumerable.Range(0, 500).Select(i => new JObject
        {
            ["method"] = "POST",
            ["path"] = "/Users",
            ["bulkId"] = $"u{i}",
            ["data"] = new JObject { ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User"), ["userName"] = $"wal{i:D4}@example.com" },
        }));
        (await client.PostAsync("/Bulk", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = operations,
        })).ShouldBe(HttpStatusCode.OK);
        var wal = new FileInfo(factory.DatabasePath + "-wal");
        var afterLoad = wal.Length;

        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                (await client.GetAsync("/Users?count=50")).ShouldBe(HttpStatusCode.OK);
            }
        })).ToArray();

        var created = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            (await client.CreateUserAsync($"later{created++}@example.com")).ShouldBe(HttpStatusCode.Created);
            wal.Refresh();
        }
        while (wal.Length > Limit && clock.Elapsed < TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        afterLoad.Should().BeGreaterThan(2 * Limit, "the Bulk wrote more than the limit into the WAL");
        wal.Length.Should().BeLessThanOrEqualTo(Limit);
        (await client.GetAsync("/Users?count=0")).TotalResults.Should().Be(500 + created);
    }
}
