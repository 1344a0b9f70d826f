using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Running;

namespace ScimServer.Conformance.Reports;

/// <summary>The report for machines: one object per scenario, verdicts as lower-case strings.</summary>
public static class JsonReport
{
    public static string Render(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JObject
        {
            ["baseUrl"] = report.BaseUrl.ToString(),
            ["runId"] = report.RunId,
            ["startedAt"] = report.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["summary"] = new JObject { ["passed"] = report.Passed, ["failed"] = report.Failed, ["skipped"] = report.Skipped },
            ["results"] = new JArray(report.Results.Select(r => new JObject
            {
                ["id"] = r.Id,
                ["suite"] = r.Suite.ToString().ToLowerInvariant(),
                ["title"] = r.Title,
                ["source"] = r.Source,
                ["verdict"] = r.Verdict.ToString().ToLowerInvariant(),
                ["reason"] = r.Reason,
                ["request"] = r.Request,
                ["expected"] = r.Expected,
                ["actual"] = r.Actual,
                ["notes"] = new JArray(r.Notes),
                ["durationMs"] = (long)r.Duration.TotalMilliseconds,
            })),
        };
        return json.ToString(Formatting.Indented);
    }
}
