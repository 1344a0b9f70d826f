using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Scim;

namespace ScimServer.Cli.Bulk;

/// <summary>Builds Bulk request bodies and reads their responses (RFC 7644 §3.7).</summary>
internal static class BulkRequest
{
    /// <summary>No <c>failOnErrors</c>: every operation runs, and each row gets its own result.</summary>
    public static JObject Body(IEnumerable<BulkOperation> operations) => new()
    {
        ["schemas"] = new JArray(ScimUrns.BulkRequest),
        ["Operations"] = new JArray(operations.Select(o => o.ToJson())),
    };

    /// <summary>
    /// Splits operations into requests of at most <paramref name="maxOperations"/> operations and about
    /// <paramref name="maxPayloadBytes"/> bytes (the server's advertised limits).
    /// </summary>
    public static IEnumerable<IReadOnlyList<BulkItem<T>>> Chunks<T>(IEnumerable<BulkItem<T>> items, int maxOperations, long maxPayloadBytes)
    {
        // Room for the envelope and the JSON separators.
        var budget = Math.Max(1024, maxPayloadBytes - 512);
        var chunk = new List<BulkItem<T>>();
        long size = 0;
        foreach (var item in items)
        {
            var itemSize = System.Text.Encoding.UTF8.GetByteCount(item.Operation.ToJson().ToString(Formatting.None)) + 1;
            if (chunk.Count > 0 && (chunk.Count >= maxOperations || size + itemSize > budget))
            {
                yield return chunk;
                chunk = [];
                size = 0;
            }

            chunk.Add(item);
            size += itemSize;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Maps a Bulk response back to the operations sent: by bulkId, or by position for a result without one. An
    /// operation the response does not mention is reported as failed without a status.
    /// </summary>
    public static IReadOnlyList<BulkOutcome<T>> Outcomes<T>(IReadOnlyList<BulkItem<T>> sent, JObject response)
    {
        var results = (response["Operations"] as JArray)?.OfType<JObject>().ToList() ?? [];
        var byBulkId = results.Where(r => r["bulkId"] is { Type: JTokenType.String })
            .GroupBy(r => (string)r["bulkId"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var outcomes = new List<BulkOutcome<T>>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var item = sent[i];
            var result = byBulkId.GetValueOrDefault(item.Operation.BulkId)
                ?? (i < results.Count && results[i]["bulkId"] is null ? results[i] : null);
            if (result is null)
            {
                outcomes.Add(new BulkOutcome<T>(item, null, null, "The server's Bulk response has no result for this operation."));
                continue;
            }

            var status = StatusOf(result["status"]);
            var location = (string?)result["location"];
            var error = status is >= 200 and < 300 ? null : ErrorOf(result["response"]) ?? $"HTTP {status}";
            outcomes.Add(new BulkOutcome<T>(item, status, location, error));
        }

        return outcomes;
    }

    /// <summary>RFC 7644 §3.7.3 gives <c>status</c> as a string ("201"); some servers send a number or an object.</summary>
    private static int? StatusOf(JToken? status) => status switch
    {
        { Type: JTokenType.Integer } => (int)status,
        { Type: JTokenType.String } when int.TryParse((string)status!, NumberStyles.None, CultureInfo.InvariantCulture, out var code) => code,
        JObject { } wrapped => StatusOf(wrapped["code"]),
        _ => null,
    };

    private static string? ErrorOf(JToken? response)
    {
        if (response is not JObject error)
        {
            return null;
        }

        var detail = (string?)error["detail"];
        var scimType = (string?)error["scimType"];
        return (detail, scimType) switch
        {
            (not null, not null) => $"{detail} ({scimType})",
            (not null, null) => detail,
            (null, not null) => scimType,
            _ => null,
        };
    }
}
