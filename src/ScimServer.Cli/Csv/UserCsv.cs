using CsvHelper;

namespace ScimServer.Cli.Csv;

/// <summary>A users CSV as read: its headers in file order and its rows.</summary>
internal sealed record UserCsv
{
    public required IReadOnlyList<string> Headers { get; init; }

    public required IReadOnlyList<UserRow> Rows { get; init; }

    /// <summary>
    /// Reads the file. Throws <see cref="CsvFileException"/> for a file that cannot be used at all (missing, no header,
    /// an unknown or repeated column) — before anything is sent.
    /// </summary>
    public static UserCsv Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CsvFileException($"File '{path}' not found.");
        }

        using var reader = new StreamReader(path);
        return Read(reader);
    }

    public static UserCsv Read(TextReader text)
    {
        // The separator is fixed: roles and organizations use ';' inside a cell, which detection could take for one.
        var options = new CsvReaderOptions { Separator = ',' };
        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        var headers = csv.Headers.ToList();
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            throw new CsvFileException("The file has no header row.");
        }

        CheckHeaders(headers);
        var rows = new List<UserRow>();
        while (csv.Read())
        {
            var cells = headers.Select((h, i) => new KeyValuePair<string, string>(h, i < csv.FieldCount ? csv.GetString(i) : "")).ToList();
            if (cells.All(c => string.IsNullOrWhiteSpace(c.Value)))
            {
                continue;
            }

            // Row numbers as a spreadsheet shows them: the header is row 1.
            rows.Add(new UserRow { Number = (int)csv.RowNumber + 1, Cells = cells });
        }

        return new UserCsv { Headers = headers, Rows = rows };
    }

    private static void CheckHeaders(List<string> headers)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            var name = header.Trim();
            if (UserColumns.Find(name) is null && !UserColumns.FailureColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CsvFileException(
                    $"Unknown column '{name}'. Known columns: {string.Join(", ", UserColumns.All.Select(c => c.Name))}.");
            }

            if (!seen.Add(name))
            {
                throw new CsvFileException($"Column '{name}' appears twice.");
            }
        }

        if (!seen.Contains(UserColumns.UserName))
        {
            throw new CsvFileException("The file has no userName column.");
        }
    }
}
