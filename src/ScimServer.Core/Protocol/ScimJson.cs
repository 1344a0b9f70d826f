using System.Text.Encodings.Web;
using System.Text.Json;
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

    /// <summary>
    /// How responses written with System.Text.Json look: compact, and non-ASCII text as is ("Zoë", not "Zo\u00EB"), as
    /// Newtonsoft writes it; the default encoder's HTML-safe escaping is for JSON inside HTML pages, which SCIM never is.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>How a stored document is read back for a response: it is the server's own text, written by <see cref="Serialize"/>.</summary>
    public static JsonDocumentOptions StoredDocumentOptions { get; } = new() { MaxDepth = 64 };
}
