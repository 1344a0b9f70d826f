namespace ScimServer.Core.Import;

/// <summary>A <c>;</c>-separated cell (roles, organizations).</summary>
public static class ListText
{
    public static IReadOnlyList<string> Split(string text) =>
        text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
