using ScimServer.Conformance.Running;

namespace ScimServer.Conformance.Reports;

/// <summary>A plain-text table for the terminal, then the details of each failure.</summary>
public static class ConsoleReport
{
    public static void Write(ConformanceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var width = report.Results.Select(r => r.Id.Length).DefaultIfEmpty(8).Max();
        output.WriteLine($"SCIM conformance: {report.BaseUrl} (run {report.RunId})");
        output.WriteLine();
        output.WriteLine($"{"scenario".PadRight(width)}  {"verdict",-7}  detail");
        output.WriteLine($"{new string('-', width)}  -------  ------");
        foreach (var result in report.Results)
        {
            var detail = result.Verdict switch
            {
                Verdict.Skipped => "skipped: " + result.Reason,
                Verdict.Failed => "expected " + result.Reason,
                _ => result.Title,
            };
            output.WriteLine($"{result.Id.PadRight(width)}  {Label(result.Verdict),-7}  {detail}");
        }

        foreach (var failure in report.Results.Where(r => r.Verdict == Verdict.Failed))
        {
            output.WriteLine();
            output.WriteLine($"=== FAIL {failure.Id}: {failure.Title}");
            output.WriteLine($"source:   {failure.Source}");
            output.WriteLine($"expected: {failure.Expected}");
            if (failure.Request is not null)
            {
                output.WriteLine("request:");
                output.WriteLine(Indent(failure.Request));
            }

            if (failure.Actual is not null)
            {
                output.WriteLine("actual:");
                output.WriteLine(Indent(failure.Actual));
            }
        }

        foreach (var note in report.Results.SelectMany(r => r.Notes.Select(n => $"{r.Id}: {n}")))
        {
            output.WriteLine("note: " + note);
        }

        output.WriteLine();
        output.WriteLine($"{report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped");
    }

    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Passed => "pass",
        Verdict.Failed => "FAIL",
        _ => "skipped",
    };

    private static string Indent(string text) => "    " + text.Replace("\n", "\n    ", StringComparison.Ordinal);
}
