using System.Net;

namespace ScimServer.Cli.Http;

/// <summary>
/// The server answered with an error for a whole request, or could not be reached. <see cref="Status"/> is null for
/// a connection failure or a time-out.
/// </summary>
internal sealed class ServerFailureException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>A 4xx other than 401/403: the request itself was wrong (a bad filter, an unknown tenant).</summary>
    public bool IsClientError => Status is { } s && (int)s is >= 400 and < 500 && s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
}
