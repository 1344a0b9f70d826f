using ScimServer.Conformance.Running;

namespace ScimServer.Conformance;

/// <summary><c>--base-url URL --token T [--report out.md] [--json out.json] [--only entra|okta|rfc] [--title T]</c></summary>
internal sealed record CommandLine
{
    public const string Usage =
        "usage: dotnet run --project conformance -- --base-url http://127.0.0.1:5000/scim/v2 --token T "
        + "[--report out.md] [--json out.json] [--only entra|okta|rfc] [--title \"report title\"]";

    public required ConformanceOptions Options { get; init; }

    public string? ReportPath { get; init; }

    public string? JsonPath { get; init; }

    /// <summary>The Markdown report's heading, e.g. the server's name and version.</summary>
    public string? Title { get; init; }

    /// <summary>The parsed command line, or null with <paramref name="error"/> set.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"unexpected argument '{args[i]}'";
                return null;
            }

            values[args[i][2..]] = args[++i];
        }

        if (values.Keys.FirstOrDefault(k => k is not ("base-url" or "token" or "report" or "json" or "only" or "title")) is { } unknown)
        {
            error = $"unknown option --{unknown}";
            return null;
        }

        if (!values.TryGetValue("base-url", out var baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            error = "--base-url with an absolute URL is required";
            return null;
        }

        Suite? only = null;
        if (values.TryGetValue("only", out var suite))
        {
            if (!Enum.TryParse<Suite>(suite, ignoreCase: true, out var parsed))
            {
                error = "--only takes entra, okta or rfc";
                return null;
            }

            only = parsed;
        }

        error = null;
        return new CommandLine
        {
            Options = new ConformanceOptions { BaseUrl = uri, Token = values.GetValueOrDefault("token"), Only = only },
            ReportPath = values.GetValueOrDefault("report"),
            JsonPath = values.GetValueOrDefault("json"),
            Title = values.GetValueOrDefault("title"),
        };
    }
}
