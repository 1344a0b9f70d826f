using ScimServer.Core.Schema;

namespace ScimServer.Core.Storage;

/// <summary>
/// The resource types a membership edge stores ("User", "Group"). A filter's <c>members.type</c> is not caseExact
/// (RFC 7643 §4.2), so every store compares it as the stored type whose <see cref="ScimText.Fold"/> matches.
/// </summary>
public static class MemberTypes
{
    public static IReadOnlyList<string> All { get; } = ["User", "Group"];

    /// <summary>The stored type that <paramref name="type"/> folds to ("user" → "User"), else the text itself (no edge has it).</summary>
    public static string Canonical(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var folded = ScimText.Fold(type);
        return All.FirstOrDefault(t => ScimText.Fold(t) == folded) ?? type;
    }
}
