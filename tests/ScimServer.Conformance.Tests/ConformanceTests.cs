using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Reports;
using ScimServer.Conformance.Running;

namespace ScimServer.Conformance.Tests;

/// <summary>The conformance suite run against this server, started on loopback with the embedded store.</summary>
public sealed class ConformanceTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    /// <summary>
    /// Scenarios this server is known to fail, each reported as a server bug with its source. They stay failing in
    /// the report (conformance/RESULTS.md); this list keeps CI green meanwhile, and the test fails as soon as one of
    /// them passes, so that the entry is removed with the fix.
    /// </summary>
    // Scenarios that fail because the server is wrong, with why; empty when the server passes everything.
    private static readonly Dictionary<string, string> KnownServerBugs = new(StringComparer.Ordinal);

    [Fact]
    public async Task Every_scenario_passes_or_is_skipped_for_a_reason_the_server_announces()
    {
        var report = await ConformanceRunner.RunAsync(new ConformanceOptions { BaseUrl = server.BaseUrl, Token = LoopbackServer.Token });

        var unexpected = report.Results.Where(r => r.Verdict == Verdict.Failed && !KnownServerBugs.ContainsKey(r.Id)).ToList();
        unexpected.Should().BeEmpty(
            "every scenario should pass against this server; the failures:\n{0}",
            MarkdownReport.Render(report with { Results = unexpected }));

        var fixedNow = report.Results.Where(r => r.Verdict != Verdict.Failed && KnownServerBugs.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        fixedNow.Should().BeEmpty("these scenarios now pass: remove them from KnownServerBugs");

        report.Results.Should().OnlyContain(r => r.Verdict != Verdict.Skipped || r.Reason!.StartsWith("ServiceProviderConfig says", StringComparison.Ordinal));
        report.Results.Should().OnlyContain(r => r.Notes.Count == 0, "every scenario deletes what it created");
    }

    [Fact]
    public async Task A_run_leaves_no_resource_behind()
    {
        await ConformanceRunner.RunAsync(new ConformanceOptions { BaseUrl = server.BaseUrl, Token = LoopbackServer.Token, Only = Suite.Okta, RunId = "cfleftover" });

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LoopbackServer.Token);
        foreach (var endpoint in new[] { "Users", "Groups" })
        {
            var filter = Uri.EscapeDataString(endpoint == "Users" ? "userName sw \"cfleftover\"" : "displayName sw \"cfleftover\"");
            var body = await http.GetStringAsync($"{server.BaseUrl}/{endpoint}?filter={filter}");
            body.Should().Contain("\"totalResults\":0", $"no {endpoint} of the run should remain");
        }
    }

    [Fact]
    public async Task Only_runs_the_chosen_suite()
    {
        var report = await ConformanceRunner.RunAsync(new ConformanceOptions { BaseUrl = server.BaseUrl, Token = LoopbackServer.Token, Only = Suite.Rfc });

        report.Results.Should().NotBeEmpty().And.OnlyContain(r => r.Suite == Suite.Rfc);
    }

    [Fact]
    public async Task A_refused_token_is_one_failure_that_says_so()
    {
        var report = await ConformanceRunner.RunAsync(new ConformanceOptions { BaseUrl = server.BaseUrl, Token = "not-a-token" });

        report.Results.Should().ContainSingle().Which.Id.Should().Be("preflight.authentication");
        report.Failed.Should().Be(1);
        report.Results[0].Actual.Should().StartWith("HTTP 401");
    }

    [Fact]
    public void Reports_render_every_scenario_with_its_source()
    {
        var report = new ConformanceReport
        {
            BaseUrl = new Uri("http://127.0.0.1:1/scim/v2"),
            RunId = "cfreport",
            StartedAt = DateTimeOffset.UnixEpoch,
            Results =
            [
                new ScenarioResult { Id = "rfc.a", Suite = Suite.Rfc, Title = "A | B", Source = "RFC 7644 §3.3", Verdict = Verdict.Passed },
                new ScenarioResult { Id = "rfc.b", Suite = Suite.Rfc, Title = "B", Source = "RFC 7644 §3.7", Verdict = Verdict.Skipped, Reason = "ServiceProviderConfig says bulk.supported = false" },
                new ScenarioResult { Id = "rfc.c", Suite = Suite.Rfc, Title = "C", Source = "RFC 7644 §3.12", Verdict = Verdict.Failed, Reason = "HTTP 400", Expected = "HTTP 400", Request = "GET /x", Actual = "HTTP 500" },
            ],
        };

        var markdown = MarkdownReport.Render(report);
        markdown.Should().Contain("| `rfc.a` | pass | A \\| B | RFC 7644 §3.3 |")
            .And.Contain("skipped (ServiceProviderConfig says bulk.supported = false)")
            .And.Contain("### `rfc.c`").And.Contain("HTTP 500");
        var json = JObject.Parse(JsonReport.Render(report));
        json["summary"]!["failed"]!.Value<int>().Should().Be(1);
        json["results"]![1]!["verdict"]!.Value<string>().Should().Be("skipped");
    }
}
