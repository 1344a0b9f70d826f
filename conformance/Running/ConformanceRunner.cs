using System.Diagnostics;
using System.Text;
using ScimServer.Conformance.Http;
using ScimServer.Conformance.Scenarios;

namespace ScimServer.Conformance.Running;

/// <summary>Runs the scenarios one after another against the server at <see cref="ConformanceOptions.BaseUrl"/>.</summary>
public static class ConformanceRunner
{
    /// <summary>Bodies in a report are cut here: enough to see the error, not a whole list response.</summary>
    public const int MaxBodyChars = 1200;

    /// <param name="handler">For tests; the default is a plain <see cref="HttpClientHandler"/>.</param>
    public static async Task<ConformanceReport> RunAsync(ConformanceOptions options, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = options.RequestTimeout;
        var client = new ScimHttpClient(http, options.BaseUrl, options.Token);
        var startedAt = DateTimeOffset.UtcNow;
        var (features, refused) = await ReadFeaturesAsync(client).ConfigureAwait(false);
        if (refused is not null)
        {
            // Every scenario would fail the same way; one clear failure says what to fix.
            var preflight = new ScenarioResult
            {
                Id = "preflight.authentication",
                Suite = Suite.Rfc,
                Title = "The server accepts the bearer token",
                Source = "RFC 7644 §2 (authentication)",
                Verdict = Verdict.Failed,
                Reason = "a response other than 401/403 to GET /ServiceProviderConfig with the given token",
                Expected = "a response other than 401/403 to GET /ServiceProviderConfig with the given token",
                Request = DescribeRequest(refused),
                Actual = DescribeResponse(refused),
            };
            return new ConformanceReport { BaseUrl = options.BaseUrl, RunId = options.RunId, StartedAt = startedAt, Results = [preflight] };
        }

        var results = new List<ScenarioResult>();
        foreach (var scenario in ScenarioCatalog.All.Where(s => options.Only is null || s.Suite == options.Only))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunOneAsync(scenario, client, options.RunId, features).ConfigureAwait(false));
        }

        return new ConformanceReport { BaseUrl = options.BaseUrl, RunId = options.RunId, StartedAt = startedAt, Results = results };
    }

    /// <summary>The announced features, or the exchange that shows the token was refused.</summary>
    private static async Task<(ServerFeatures Features, Exchange? Refused)> ReadFeaturesAsync(ScimHttpClient client)
    {
        try
        {
            var response = await client.GetAsync("/ServiceProviderConfig").ConfigureAwait(false);
            if (response.StatusCode is 401 or 403)
            {
                return (new ServerFeatures(null), response);
            }

            return (new ServerFeatures(response.StatusCode == 200 ? response.Json as Newtonsoft.Json.Linq.JObject : null), null);
        }
        catch (HttpRequestException)
        {
            // Unreachable: the scenarios will say so, each with its request.
            return (new ServerFeatures(null), null);
        }
    }

    private static async Task<ScenarioResult> RunOneAsync(Scenario scenario, ScimHttpClient client, string runId, ServerFeatures features)
    {
        var result = new ScenarioResult
        {
            Id = scenario.Id,
            Suite = scenario.Suite,
            Title = scenario.Title,
            Source = scenario.Source,
            Verdict = Verdict.Passed,
        };
        if (features.SkipReason(scenario.Requires) is { } skip)
        {
            return result with { Verdict = Verdict.Skipped, Reason = skip };
        }

        var context = new ScenarioContext(client, runId, scenario.Id, features);
        var clock = Stopwatch.StartNew();
        try
        {
            await scenario.Run(context).ConfigureAwait(false);
        }
        catch (ScenarioSkipped e)
        {
            result = result with { Verdict = Verdict.Skipped, Reason = e.Message };
        }
        catch (ScenarioFailure e)
        {
            result = result with
            {
                Verdict = Verdict.Failed,
                Reason = e.Expected,
                Request = e.Exchange is null ? null : DescribeRequest(e.Exchange),
                Expected = e.Expected,
                Actual = e.Exchange is null ? null : DescribeResponse(e.Exchange),
            };
        }
        catch (Exception e)
        {
            // A scenario that crashes (a timeout, a body of an unexpected type) is a failure to report, not a crash of the run.
            result = Crashed(result, e, client);
        }
        finally
        {
            var notes = await context.CleanUpAsync().ConfigureAwait(false);
            result = result with { Notes = notes };
        }

        return result with { Duration = clock.Elapsed };
    }

    private static ScenarioResult Crashed(ScenarioResult result, Exception e, ScimHttpClient client) => result with
    {
        Verdict = Verdict.Failed,
        Reason = $"{e.GetType().Name}: {e.Message}",
        Request = client.Last is null ? null : DescribeRequest(client.Last),
        Expected = "a response the scenario can read",
        Actual = client.Last is null ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message}\n\nlast response:\n{DescribeResponse(client.Last)}",
    };

    internal static string DescribeRequest(Exchange exchange)
    {
        var text = new StringBuilder($"{exchange.Method} {exchange.Url}");
        foreach (var (name, value) in exchange.RequestHeaders)
        {
            text.Append('\n').Append(name).Append(": ").Append(value);
        }

        if (exchange.RequestBody is not null)
        {
            text.Append("\n\n").Append(Truncate(exchange.RequestBody));
        }

        return text.ToString();
    }

    internal static string DescribeResponse(Exchange exchange)
    {
        var text = new StringBuilder($"HTTP {exchange.StatusCode} {exchange.Status}");
        foreach (var name in new[] { "Location", "ETag", "Content-Type" })
        {
            if (exchange.Header(name) is { } value)
            {
                text.Append('\n').Append(name).Append(": ").Append(value);
            }
        }

        if (!string.IsNullOrEmpty(exchange.ResponseBody))
        {
            var body = exchange.Json?.ToString(Newtonsoft.Json.Formatting.Indented) ?? exchange.ResponseBody;
            text.Append("\n\n").Append(Truncate(body));
        }

        return text.ToString();
    }

    private static string Truncate(string text) =>
        text.Length <= MaxBodyChars ? text : $"{text[..MaxBodyChars]}\n… ({text.Length - MaxBodyChars} more characters)";
}
