using System.Text.Json;

namespace ScimServer.Core.Resources;

/// <summary>One resource read for a response (GET by id), with its version (the ETag) and its Location.</summary>
public sealed class ResourceRepresentation(ResourcePage page, long version, string location)
{
    public long Version { get; } = version;

    public string Location { get; } = location;

    public string ETag => ResourceRenderer.VersionTag(Version);

    public void Write(Utf8JsonWriter output) => page.Write(output, 0);
}
