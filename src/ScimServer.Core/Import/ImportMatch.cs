namespace ScimServer.Core.Import;

/// <summary>How an upsert finds the user a row already has: by externalId when the row has one, else by userName.</summary>
public static class ImportMatch
{
    /// <summary>The match key of a row: ("externalId", value) or ("userName", value).</summary>
    public static (string Attribute, string Value) KeyOf(IImportRow row) =>
        row[ImportColumns.ExternalId] is { } externalId ? (ImportColumns.ExternalId, externalId) : (ImportColumns.UserName, row[ImportColumns.UserName]!);

    /// <summary>
    /// A key two values share when the server takes them as the same: userName is matched case-insensitively (caseExact
    /// false, RFC 7643 §4.1.1), externalId exactly (caseExact true, §3.1).
    /// </summary>
    public static string Normalise(string attribute, string value) =>
        attribute == ImportColumns.UserName ? $"u:{value.ToUpperInvariant()}" : $"x:{value}";
}
