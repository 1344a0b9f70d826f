namespace ScimServer.Core.Filtering;

/// <summary>
/// One token of a filter or PATCH path. <see cref="Position"/> is the 0-based character offset of its first
/// character, which every error message reports.
/// </summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string keyword) =>
        Kind == FilterTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
