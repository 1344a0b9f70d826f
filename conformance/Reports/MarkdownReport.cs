using System.Globalization;
using System.Text;
using ScimServer.Conformance.Running;

namespace ScimServer.Conformance.Reports;

/// <summary>The report as Markdown: a table of every scenario with its source, then each failure in full.</summary>
public static class MarkdownReport
{
    public static string Render(ConformanceReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title ?? "SCIM conformance report"}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Server: `{report.BaseUrl}` — run `{report.RunId}` at {report.StartedAt:yyyy-MM-dd HH:mm} UTC — "
            + $"**{report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped**.");
        text.AppendLine();
        foreach (var suite in report.Results.GroupBy(r => r.Suite))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {SuiteName(suite.Key)}");
            text.AppendLine();
            text.AppendLine("| scenario | verdict | checks | source |");
            text.AppendLine("|---|---|---|---|");
            foreach (var result in suite)
            {
                var verdict = result.Verdict switch
                {
                    Verdict.Skipped => $"skipped ({result.Reason})",
                    Verdict.Failed => "**FAIL**",
                    _ => "pass",
                };
                text.AppendLine(CultureInfo.InvariantCulture, $"| `{result.Id}` | {Cell(verdict)} | {Cell(result.Title)} | {Cell(result.Source)} |");
            }

            text.AppendLine();
        }

        var failures = report.Results.Where(r => r.Verdict == Verdict.Failed).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine("## Failures");
            text.AppendLine();
            foreach (var failure in failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"### `{failure.Id}` — {failure.Title}");
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"Source: {failure.Source}");
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"Expected: {failure.Expected}");
                text.AppendLine();
                AppendBlock(text, "Request", failure.Request);
                AppendBlock(text, "Actual response", failure.Actual);
            }
        }

        var notes = report.Results.SelectMany(r => r.Notes.Select(n => $"`{r.Id}`: {n}")).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine("## Notes");
            text.AppendLine();
            notes.ForEach(n => text.AppendLine("- " + n));
        }

        return text.ToString();
    }

    public static string SuiteName(Suite suite) => suite switch
    {
        Suite.Entra => "Microsoft Entra ID",
        Suite.Okta => "Okta",
        _ => "RFC 7643 / RFC 7644",
    };

    private static void AppendBlock(StringBuilder text, string label, string? content)
    {
        if (content is null)
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{label}:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(content);
        text.AppendLine("```");
        text.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
