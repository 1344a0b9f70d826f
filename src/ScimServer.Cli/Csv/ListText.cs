namespace ScimServer.Cli.Csv;

/// <summary>A <c>;</c>-separated cell (roles, organizations).</summary>
internal static class ListText
{
    public static IReadOnlyList<string> Split(string text) =>
        text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
