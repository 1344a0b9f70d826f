using Newtonsoft.Json.Linq;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Csv;

/// <summary>One data row of a users CSV: its row number in the file (the header is row 1) and its cells as written.</summary>
internal sealed record UserRow : IImportRow
{
    public required int Number { get; init; }

    /// <summary>The cells by header as the file spells it, in file order; the failures file writes them back as they were.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Cells { get; init; }

    /// <summary>The trimmed cell of a known column; null when the column is absent or the cell is empty.</summary>
    public string? this[string column]
    {
        get
        {
            foreach (var (header, value) in Cells)
            {
                if (string.Equals(header.Trim(), column, StringComparison.OrdinalIgnoreCase))
                {
                    return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                }
            }

            return null;
        }
    }

    /// <summary>The non-empty known columns of this row with their SCIM values.</summary>
    public IEnumerable<(ImportColumn Column, JToken Value)> Values() => ImportUser.Values(this);

    /// <summary>The user to POST: the row's non-empty columns, by Core's mapping (the page's upload makes the same).</summary>
    public JObject ToUser() => ImportUser.From(this);
}
