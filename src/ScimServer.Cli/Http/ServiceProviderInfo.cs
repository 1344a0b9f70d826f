using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Http;

/// <summary>What scimctl needs from <c>/ServiceProviderConfig</c> (RFC 7643 §5).</summary>
internal sealed record ServiceProviderInfo(bool BulkSupported, int MaxOperations, long MaxPayloadBytes, int MaxResults)
{
    public static ServiceProviderInfo From(JObject config)
    {
        var bulk = config["bulk"] as JObject;
        return new ServiceProviderInfo(
            BulkSupported: bulk?["supported"]?.Type == JTokenType.Boolean && (bool)bulk["supported"]!,
            MaxOperations: Positive(bulk?["maxOperations"], 100),
            MaxPayloadBytes: Positive(bulk?["maxPayloadSize"], 1024 * 1024),
            MaxResults: Positive(config["filter"]?["maxResults"], 100));
    }

    private static int Positive(JToken? value, int fallback) =>
        value?.Type == JTokenType.Integer && (long)value > 0 ? (int)Math.Min((long)value, int.MaxValue) : fallback;
}
