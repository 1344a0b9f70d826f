namespace ScimServer.Core.Filtering;

/// <summary>
/// Reads the plain attribute paths of <c>sortBy</c>, <c>attributes</c> and <c>excludedAttributes</c>:
/// <c>[urn:]name[.sub]</c>, the URN being everything up to the last colon (RFC 7644 §3.10).
/// </summary>
public static class AttributePathText
{
    public static AttributePath? TryParse(string text)
    {
        text = text.Trim();
        string? urn = null;
        var rest = text;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            urn = text[..colon];
            rest = text[(colon + 1)..];
        }

        var parts = rest.Split('.');
        return parts.Length switch
        {
            1 when IsName(parts[0]) => new AttributePath(urn, parts[0]),
            2 when IsName(parts[0]) && IsName(parts[1]) => new AttributePath(urn, parts[0], parts[1]),
            _ => null,
        };
    }

    private static bool IsName(string part) =>
        part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '$')
        && part.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
