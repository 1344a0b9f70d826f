namespace ScimServer.Conformance.Running;

/// <summary>Where the server is and which scenarios to run.</summary>
public sealed record ConformanceOptions
{
    /// <summary>The SCIM base URL, e.g. <c>http://127.0.0.1:5000/scim/v2</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The bearer token; null sends no Authorization header.</summary>
    public string? Token { get; init; }

    /// <summary>Only this suite, or all of them.</summary>
    public Suite? Only { get; init; }

    /// <summary>Marks every name the run creates, so a shared server's other data is never matched or touched.</summary>
    public string RunId { get; init; } = NewRunId();

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    private static string NewRunId()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return "cf" + string.Concat(Enumerable.Range(0, 8).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
    }
}
