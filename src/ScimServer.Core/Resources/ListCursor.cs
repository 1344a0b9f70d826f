using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// The opaque <c>nextCursor</c> of RFC 9865: the keyset position of the last resource of a page, bound to the sort
/// it was made for, base64url-encoded. It carries no secret: a forged cursor can only start a page elsewhere in
/// the caller's own tenant.
/// </summary>
public static class ListCursor
{
    public static string Encode(string sortSignature, KeysetPosition position)
    {
        var payload = new JArray(sortSignature, ToToken(position.SortValue), position.Id);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToString(Newtonsoft.Json.Formatting.None)));
    }

    public static bool TryDecode(string cursor, string sortSignature, out KeysetPosition position)
    {
        position = null!;
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);

            // Read with the server's rules: a sort key that looks like a date must stay the exact text it was.
            using var reader = ScimJson.CreateReader(new StringReader(Encoding.UTF8.GetString(bytes)));
            if (JToken.ReadFrom(reader) is not JArray { Count: 3 } payload
                || payload[0].Type != JTokenType.String || (string?)payload[0] != sortSignature
                || payload[2].Type != JTokenType.String)
            {
                return false;
            }

            position = new KeysetPosition(FromToken(payload[1]), (string)payload[2]!);
            return true;
        }
        catch (Exception e) when (e is FormatException or Newtonsoft.Json.JsonException)
        {
            return false;
        }
    }

    private static JToken ToToken(object? value) => value switch
    {
        null => JValue.CreateNull(),
        string s => new JValue(s),
        bool b => new JValue(b),
        decimal d => new JValue(d.ToString(CultureInfo.InvariantCulture)),
        long l => new JValue(l),
        double d => new JValue(d),
        _ => new JValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static object? FromToken(JToken token) => token.Type switch
    {
        JTokenType.Null => null,
        JTokenType.Boolean => (bool)token,
        JTokenType.Integer => (long)token,
        JTokenType.Float => (double)token,
        _ => (string?)token,
    };
}
