using System.Text;

namespace ScimServer.Cli.Scim;

/// <summary>Builds SCIM filters (RFC 7644 §3.4.2.2) from values a CSV supplied.</summary>
internal static class ScimFilterText
{
    /// <summary>How many values one lookup filter names: keeps the query string well under common URL limits.</summary>
    public const int MaxValuesPerFilter = 50;

    /// <summary>A JSON string literal (RFC 7159 §7), which is what a SCIM filter's compValue string is.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary><c>attribute eq "a" or attribute eq "b" …</c>, one filter per <see cref="MaxValuesPerFilter"/> values.</summary>
    public static IEnumerable<string> AnyOf(string attribute, IEnumerable<string> values) =>
        values.Distinct(StringComparer.Ordinal)
            .Chunk(MaxValuesPerFilter)
            .Select(chunk => string.Join(" or ", chunk.Select(v => $"{attribute} eq {Quote(v)}")));
}
