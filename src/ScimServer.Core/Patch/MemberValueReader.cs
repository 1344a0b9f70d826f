using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Patch;

/// <summary>
/// Reads the members a PATCH value names: <c>[{"value": "id", "type": "User"}]</c>. Only <c>value</c> and
/// <c>type</c> matter; <c>$ref</c> and <c>display</c> are the server's to fill, so identity providers' echoes of them
/// (Entra ID's <c>"$ref": null</c>, Okta's <c>display</c>) are ignored.
/// </summary>
internal static class MemberValueReader
{
    private static readonly string[] MemberTypes = ["User", "Group"];

    public static ScimResult<IReadOnlyList<MemberEdge>> Read(JToken value)
    {
        var edges = new List<MemberEdge>();
        foreach (var item in value is JArray array ? (IEnumerable<JToken>)array : [value])
        {
            if (item is not JObject member
                || ComplexValue.Get(member, "value") is not { Type: JTokenType.String } idToken
                || string.IsNullOrWhiteSpace((string?)idToken))
            {
                return ScimError.InvalidValue("Each member must be an object with a non-empty string 'value', the member's id.");
            }

            string? memberType = null;
            if (ComplexValue.Get(member, "type") is { } typeToken && typeToken.Type != JTokenType.Null)
            {
                memberType = MemberTypes.FirstOrDefault(t => typeToken.Type == JTokenType.String
                    && string.Equals(t, (string?)typeToken, StringComparison.OrdinalIgnoreCase));
                if (memberType is null)
                {
                    return ScimError.InvalidValue($"A member's 'type' must be \"User\" or \"Group\", not {typeToken.ToString(Newtonsoft.Json.Formatting.None)}.");
                }
            }

            edges.Add(new MemberEdge((string)idToken!, memberType));
        }

        return edges;
    }
}
