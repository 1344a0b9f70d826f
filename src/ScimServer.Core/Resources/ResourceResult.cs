using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Resources;

/// <summary>One resource ready to send, with its version (the ETag) and its Location.</summary>
public sealed record ResourceResult(JObject Body, long Version, string Location)
{
    public string ETag => ResourceRenderer.VersionTag(Version);
}
