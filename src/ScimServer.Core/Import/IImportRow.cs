namespace ScimServer.Core.Import;

/// <summary>One data row of a users file (scimctl's CSV, the User Management page's upload): its row number and cells.</summary>
public interface IImportRow
{
    /// <summary>The row number as a spreadsheet shows it (the header is row 1).</summary>
    int Number { get; }

    /// <summary>The trimmed cell of a column (case-insensitive header); null when absent or empty.</summary>
    string? this[string column] { get; }
}
