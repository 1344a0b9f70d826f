using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScimServer.Benchmarks.Load;

/// <summary>The SCIM calls of the load phase and of the timed walks, over one loopback HttpClient.</summary>
internal sealed class ScimClient : IDisposable
{
    public const string BulkSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private readonly HttpClient http;

    public ScimClient(string baseUrl, string token)
    {
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 })
        {
            BaseAddress = new Uri(baseUrl + "/scim/v2/"),
            Timeout = TimeSpan.FromMinutes(10),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>POSTs one Bulk request of creations; returns the created ids in the order of <paramref name="items"/>.</summary>
    public async Task<IReadOnlyList<string>> BulkCreateAsync(string path, IReadOnlyList<JsonObject> items)
    {
        var operations = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            operations.Add(new JsonObject
            {
                ["method"] = "POST",
                ["path"] = path,
                ["bulkId"] = "b" + i.ToString(CultureInfo.InvariantCulture),
                ["data"] = items[i],
            });
        }

        var request = new JsonObject { ["schemas"] = new JsonArray(BulkSchema), ["Operations"] = operations };
        using var response = await http.PostAsync("Bulk", Content(request));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Bulk answered {(int)response.StatusCode}: {Cut(text)}");
        }

        var ids = new string[items.Count];
        foreach (var operation in JsonNode.Parse(text)!["Operations"]!.AsArray())
        {
            var status = operation!["status"]!.GetValue<string>();
            if (status != "201")
            {
                throw new InvalidOperationException($"A Bulk creation answered {status}: {Cut(operation.ToJsonString())}");
            }

            var index = int.Parse(operation["bulkId"]!.GetValue<string>().AsSpan(1), CultureInfo.InvariantCulture);
            var location = operation["location"]!.GetValue<string>();
            ids[index] = location[(location.LastIndexOf('/') + 1)..];
        }

        return ids;
    }

    public async Task<string> CreateAsync(string path, JsonObject resource)
    {
        using var response = await http.PostAsync(path, Content(resource));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {Cut(text)}");
        }

        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// Reads every page of <paramref name="query"/> (100 a page), by cursor or by startIndex, until the last page or
    /// <paramref name="cap"/>. Returns each page's time and, for cursor paging, the cursors met on the way.
    /// </summary>
    public async Task<ListingWalk> WalkAsync(string query, bool byCursor, TimeSpan cap)
    {
        var pageTimes = new List<double>();
        var cursors = new List<string>();
        var total = Stopwatch.StartNew();
        long seen = 0;
        long? totalResults = null;
        string? cursor = "";
        var complete = false;
        while (total.Elapsed < cap)
        {
            var paging = byCursor
                ? "cursor=" + Uri.EscapeDataString(cursor!)
                : "startIndex=" + (seen + 1).ToString(CultureInfo.InvariantCulture);
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"Users?{query}{(query.Length > 0 ? "&" : "")}{paging}&count=100");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            pageTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"A listing page answered {(int)response.StatusCode}: {Cut(Encoding.UTF8.GetString(bytes))}");
            }

            using var page = JsonDocument.Parse(bytes);
            var root = page.RootElement;
            totalResults = root.TryGetProperty("totalResults", out var t) ? t.GetInt64() : totalResults;
            var count = root.TryGetProperty("Resources", out var resources) ? resources.GetArrayLength() : 0;
            seen += count;
            if (byCursor)
            {
                if (!root.TryGetProperty("nextCursor", out var next))
                {
                    complete = true;
                    break;
                }

                cursor = next.GetString()!;
                cursors.Add(cursor);
            }
            else if (count == 0 || seen >= totalResults)
            {
                complete = true;
                break;
            }
        }

        return new ListingWalk(seen, totalResults ?? 0, total.Elapsed.TotalSeconds, complete, pageTimes, cursors);
    }

    /// <summary>Sends one request of a wrk request file alone and returns its time (ms) and status.</summary>
    public async Task<(double Milliseconds, int Status)> TimeAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/scim+json");
        }

        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (watch.Elapsed.TotalMilliseconds, (int)response.StatusCode);
    }

    public void Dispose() => http.Dispose();

    private static StringContent Content(JsonNode node) =>
        new(node.ToJsonString(), Encoding.UTF8, "application/scim+json");

    private static string Cut(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
