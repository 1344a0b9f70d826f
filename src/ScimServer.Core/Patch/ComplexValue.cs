using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Patch;

/// <summary>
/// Member access on a JSON object by attribute name, case-insensitively (RFC 7643 §2.1). Writing stores the schema's
/// spelling and drops any other spelling of the same name, so a patched document never holds "Active" beside "active".
/// </summary>
internal static class ComplexValue
{
    public static JToken? Get(JObject obj, string name) => obj.Property(name, StringComparison.OrdinalIgnoreCase)?.Value;

    public static void Set(JObject obj, string name, JToken value)
    {
        var existing = obj.Property(name, StringComparison.OrdinalIgnoreCase);
        if (existing is not null && existing.Name != name)
        {
            existing.Remove();
        }

        obj[name] = value;
    }

    public static bool Remove(JObject obj, string name)
    {
        var removed = false;
        while (obj.Property(name, StringComparison.OrdinalIgnoreCase) is { } property)
        {
            property.Remove();
            removed = true;
        }

        return removed;
    }
}
