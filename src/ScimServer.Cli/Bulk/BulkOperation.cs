using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Bulk;

/// <summary>One operation of a Bulk request (RFC 7644 §3.7): method, bulkId, path and data.</summary>
internal sealed record BulkOperation
{
    public required string Method { get; init; }

    public required string BulkId { get; init; }

    public required string Path { get; init; }

    public JObject? Data { get; init; }

    public static BulkOperation Post(string bulkId, JObject user) => new() { Method = "POST", BulkId = bulkId, Path = "/Users", Data = user };

    public static BulkOperation Patch(string bulkId, string id, JObject patch) =>
        new() { Method = "PATCH", BulkId = bulkId, Path = $"/Users/{id}", Data = patch };

    public JObject ToJson()
    {
        var json = new JObject { ["method"] = Method, ["bulkId"] = BulkId, ["path"] = Path };
        if (Data is not null)
        {
            json["data"] = Data;
        }

        return json;
    }
}
