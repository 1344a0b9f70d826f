namespace ScimServer.Core.Resources;

/// <summary>
/// <c>If-Match</c> / <c>If-None-Match</c> against a resource version (RFC 7644 §3.14, RFC 9110 §13.1). SCIM versions
/// are weak ETags, so the comparison ignores the <c>W/</c> prefix.
/// </summary>
public static class EntityTag
{
    public static bool Matches(string header, long version)
    {
        var wanted = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var raw in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*")
            {
                return true;
            }

            var tag = raw.StartsWith("W/", StringComparison.OrdinalIgnoreCase) ? raw[2..] : raw;
            if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' && tag[1..^1] == wanted)
            {
                return true;
            }
        }

        return false;
    }
}
