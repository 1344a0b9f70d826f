using Newtonsoft.Json.Linq;

namespace ScimServer.Conformance.Http;

/// <summary>
/// Reads SCIM attributes as the RFC defines them: names are case-insensitive (RFC 7643 §2.1), so a server that
/// answers <c>GivenName</c> is not failed for it; an extension's attributes sit under its schema URN (§3.3).
/// </summary>
internal static class ScimJson
{
    /// <summary>
    /// The value at <paramref name="path"/>: <c>name.givenName</c>, or
    /// <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value</c>. Null when absent.
    /// </summary>
    public static JToken? Get(JToken? node, string path)
    {
        if (path.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = path.LastIndexOf(':');
            return Get(Property(node, path[..colon]), path[(colon + 1)..]);
        }

        foreach (var name in path.Split('.'))
        {
            node = Property(node, name);
        }

        return node is null || node.Type == JTokenType.Null ? null : node;
    }

    public static string? GetString(JToken? node, string path) =>
        Get(node, path) is JValue { Value: not null } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A multi-valued attribute's values; empty when absent.</summary>
    public static IReadOnlyList<JObject> GetArray(JToken? node, string path) =>
        Get(node, path) is JArray array ? array.OfType<JObject>().ToList() : [];

    /// <summary>A multi-valued string attribute (such as <c>schemas</c>); empty when absent.</summary>
    public static IReadOnlyList<string> GetArrayOfStrings(JToken? node, string path) =>
        Get(node, path) is JArray array ? array.OfType<JValue>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() : [];

    /// <summary>A JSON boolean; null when absent or of another type.</summary>
    public static bool? GetBoolean(JToken? node, string path) => Get(node, path) switch
    {
        JValue { Type: JTokenType.Boolean } value => (bool)value,
        _ => null,
    };

    public static bool Has(JToken? node, string path) => Get(node, path) is not null;

    /// <summary>The ids of a list response's resources.</summary>
    public static IReadOnlyList<string> ResourceIds(JToken? list) =>
        GetArray(list, "Resources").Select(r => GetString(r, "id") ?? "").ToList();

    private static JToken? Property(JToken? node, string name) =>
        node is JObject obj && obj.GetValue(name, StringComparison.OrdinalIgnoreCase) is { } value ? value : null;
}
