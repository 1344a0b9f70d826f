namespace ScimServer.Core.Schema;

/// <summary>
/// Case folding for attributes whose <c>caseExact</c> is false. Every store folds with this one function, both the
/// stored keys and the filter values, so <c>userName eq "ALICE@X.ORG"</c> finds <c>alice@x.org</c> everywhere.
/// </summary>
public static class ScimText
{
    public static string Fold(string value) => value.ToLowerInvariant();
}
