using System.Net;
using Newtonsoft.Json.Linq;

namespace ScimServer.Conformance.Http;

/// <summary>One request and the response it got, kept so that a failure can show both.</summary>
internal sealed record Exchange
{
    public required string Method { get; init; }

    public required string Url { get; init; }

    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

    public string? RequestBody { get; init; }

    public required HttpStatusCode Status { get; init; }

    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = new Dictionary<string, string>();

    public required string ResponseBody { get; init; }

    /// <summary>The response body as JSON, or null when it is empty or not JSON.</summary>
    public JToken? Json { get; init; }

    public int StatusCode => (int)Status;

    /// <summary>The body as an object; an empty object when it is none, so look-ups simply find nothing.</summary>
    public JObject Body => Json as JObject ?? [];

    public string? Header(string name) =>
        ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
