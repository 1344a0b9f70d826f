using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Protocol;

/// <summary>
/// The JSON reading rules every part of the server shares: dates stay strings (they are compared as text in
/// their stored form, and a client's text must not be re-formatted), and numbers keep their precision.
/// </summary>
public static class ScimJson
{
    public static JsonLoadSettings LoadSettings { get; } = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
        LineInfoHandling = LineInfoHandling.Ignore,
    };

    public static JsonTextReader CreateReader(TextReader text) => new(text)
    {
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
        MaxDepth = 64,
    };

    public static JObject ParseObject(string json)
    {
        using var reader = CreateReader(new StringReader(json));
        return JObject.Load(reader, LoadSettings);
    }

    public static string Serialize(JToken token) => token.ToString(Formatting.None);
}
