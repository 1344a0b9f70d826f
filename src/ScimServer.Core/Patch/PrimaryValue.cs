using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Patch;

/// <summary>
/// RFC 7643 §2.4: "primary" is true on at most one value. RFC 7644 §3.5.2: an operation that sets one value primary
/// makes the server set "primary" to false on the others.
/// </summary>
internal static class PrimaryValue
{
    private const string SubAttributeName = "primary";

    /// <summary>The elements that are primary before an operation, by identity.</summary>
    public static HashSet<JObject> Snapshot(JArray? array) =>
        new((array ?? []).OfType<JObject>().Where(IsPrimary), ReferenceEqualityComparer.Instance);

    /// <summary>If exactly one element became primary, the others stop being primary.</summary>
    public static void Enforce(JArray array, HashSet<JObject> before)
    {
        var newlyPrimary = array.OfType<JObject>().Where(e => IsPrimary(e) && !before.Contains(e)).ToList();

        // Several new primaries is the client's contradiction: validation of the document refuses it.
        if (newlyPrimary.Count != 1)
        {
            return;
        }

        foreach (var other in array.OfType<JObject>())
        {
            if (!ReferenceEquals(other, newlyPrimary[0]) && IsPrimary(other))
            {
                ComplexValue.Set(other, SubAttributeName, false);
            }
        }
    }

    // Entra ID sends booleans as strings ("True").
    private static bool IsPrimary(JObject element) => ComplexValue.Get(element, SubAttributeName) switch
    {
        { Type: JTokenType.Boolean } flag => (bool)flag,
        { Type: JTokenType.String } text => bool.TryParse((string?)text, out var parsed) && parsed,
        _ => false,
    };
}
