namespace ScimServer.Core.Import;

/// <summary>The spellings of a boolean a spreadsheet export uses.</summary>
public static class BooleanText
{
    public static bool TryParse(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "Y" or "1":
                value = true;
                return true;
            case "FALSE" or "NO" or "N" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
