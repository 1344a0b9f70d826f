using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Patch;

/// <summary>
/// The one rule for the members a write names, whatever the path (POST, PUT, PATCH, Bulk):
/// <c>[{"value": "id", "type": "User"}]</c>. Every member needs a non-empty string <c>value</c>; <c>type</c>, if
/// given, is <c>User</c> or <c>Group</c>. Everything else is ignored, whichever the path: <c>$ref</c> and
/// <c>display</c> are the server's to fill and identity providers echo them (Entra ID's <c>"$ref": null</c>, Okta's
/// <c>display</c>), and Entra ID's own "addMember" request sends a <c>displayName</c> the schema does not have.
/// </summary>
internal static class MemberValueReader
{
    private const string ValueSubAttribute = "value";
    private const string TypeSubAttribute = "type";
    private static readonly string[] MemberTypes = ["User", "Group"];

    /// <summary>Whether a write's value names no members at all: absent, null or an empty list.</summary>
    public static bool NamesNone(JToken? value) => value is null || value.Type == JTokenType.Null || value is JArray { Count: 0 };

    public static ScimResult<IReadOnlyList<MemberEdge>> Read(JToken value)
    {
        var edges = new List<MemberEdge>();
        foreach (var item in value is JArray array ? (IEnumerable<JToken>)array : [value])
        {
            if (item is not JObject member
                || ComplexValue.Get(member, ValueSubAttribute) is not { Type: JTokenType.String } idToken
                || string.IsNullOrWhiteSpace((string?)idToken))
            {
                return ScimError.InvalidValue("Each member must be an object with a non-empty string 'value', the member's id.");
            }

            string? memberType = null;
            if (ComplexValue.Get(member, TypeSubAttribute) is { } typeToken && typeToken.Type != JTokenType.Null)
            {
                memberType = MemberTypes.FirstOrDefault(t => typeToken.Type == JTokenType.String
                    && string.Equals(t, (string?)typeToken, StringComparison.OrdinalIgnoreCase));
                if (memberType is null)
                {
                    return ScimError.InvalidValue($"A member's 'type' must be \"User\" or \"Group\", not {Show(typeToken)}.");
                }
            }

            edges.Add(new MemberEdge((string)idToken!, memberType));
        }

        return edges;
    }

    private static string Show(JToken token) => token.ToString(Newtonsoft.Json.Formatting.None);
}
