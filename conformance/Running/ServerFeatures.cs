using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Http;

namespace ScimServer.Conformance.Running;

/// <summary>
/// What <c>/ServiceProviderConfig</c> announces (RFC 7643 §5). A feature the server does not mention, or a
/// configuration that cannot be read, counts as supported: a scenario is skipped only on the server's own word.
/// </summary>
internal sealed class ServerFeatures(JObject? config)
{
    public JObject? Config { get; } = config;

    public bool? IsSupported(Feature feature) =>
        ScimJson.GetBoolean(Config, feature.ToString().ToLowerInvariant() + ".supported");

    public string? SkipReason(IEnumerable<Feature> required)
    {
        foreach (var feature in required)
        {
            if (IsSupported(feature) == false)
            {
                return $"ServiceProviderConfig says {feature.ToString().ToLowerInvariant()}.supported = false";
            }
        }

        return null;
    }
}
