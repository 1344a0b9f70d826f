using System.Globalization;
using CsvHelper;

namespace ScimServer.Cli.Csv;

/// <summary>
/// The failures file: each failed or unsent row as it was, plus <c>row</c>, <c>status</c> and <c>error</c>. It has
/// the input's columns, so the same command reads it back to retry just those rows (the three added columns are ignored).
/// </summary>
internal static class FailuresCsv
{
    public static void Write(string path, IReadOnlyList<string> headers, IEnumerable<RowFailure> failures)
    {
        using var writer = new StreamWriter(path);
        Write(writer, headers, failures);
    }

    public static void Write(TextWriter text, IReadOnlyList<string> headers, IEnumerable<RowFailure> failures)
    {
        var inputHeaders = headers.Where(h => !UserColumns.FailureColumns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        using var csv = CsvWriter.Create(text, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader([.. inputHeaders, .. UserColumns.FailureColumns]);
        foreach (var failure in failures.OrderBy(f => f.Row.Number))
        {
            var fields = inputHeaders.Select(h => failure.Row.Cells.FirstOrDefault(c => c.Key == h).Value ?? "")
                .Append(failure.Row.Number.ToString(CultureInfo.InvariantCulture))
                .Append(failure.Status)
                .Append(failure.Error);
            csv.WriteRecord([.. fields]);
        }

        csv.Flush();
    }
}
