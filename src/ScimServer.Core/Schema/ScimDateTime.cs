using System.Globalization;

namespace ScimServer.Core.Schema;

/// <summary>
/// The one text form of a dateTime this server stores and returns: UTC with seven fraction digits, fixed width,
/// so that comparing the text compares the instants (the stores filter and sort dates as text).
/// </summary>
public static class ScimDateTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses an xsd:dateTime (RFC 7643 §2.3.5); a value without an offset is taken as UTC.</summary>
    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value)
        && text.Contains('T', StringComparison.Ordinal);

    public static bool TryNormalize(string text, out string normalized)
    {
        if (TryParse(text, out var value))
        {
            normalized = ToText(value);
            return true;
        }

        normalized = "";
        return false;
    }
}
