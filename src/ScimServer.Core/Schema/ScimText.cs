namespace ScimServer.Core.Schema;

/// <summary>
/// Case folding for attributes whose <c>caseExact</c> is false. Every store folds with this one function, both the
/// stored keys and the filter values, so <c>userName eq "ALICE@X.ORG"</c> finds <c>alice@x.org</c> everywhere.
/// Folded text compares and orders as plain binary text (SQLite's BINARY collation, MongoDB without a collation: both
/// compare UTF-8 bytes), so <c>"Émile"</c> folds to <c>"émile"</c> and orders after <c>"zoe"</c> on every store.
/// </summary>
public static class ScimText
{
    public static string Fold(string value) => value.ToLowerInvariant();

    /// <summary>
    /// Whether a value of <paramref name="attribute"/> compares and orders by its <see cref="Fold"/>ed text: a string or
    /// reference that is not <c>caseExact</c> (RFC 7643 §2.3.1, §7). Binary and dateTime never fold.
    /// </summary>
    public static bool FoldsCase(AttributeDefinition attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return !attribute.CaseExact && attribute.Type is AttributeType.String or AttributeType.Reference;
    }
}
