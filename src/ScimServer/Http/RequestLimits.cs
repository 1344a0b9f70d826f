using ScimServer.Core.Filtering;

namespace ScimServer.Http;

/// <summary>
/// The sizes of a request's line and headers. Kestrel refuses what is over its own limits before any middleware runs,
/// with an empty body; so Kestrel's limits are set above these, and <see cref="RequestLimitsMiddleware"/> refuses what
/// is over these with a SCIM error body.
/// </summary>
internal static class RequestLimits
{
    /// <summary>
    /// The longest request target (path and query). A filter at the parser's limit (4,096 UTF-16 characters), each
    /// character 3 UTF-8 bytes at most and each byte percent-encoded as 3, is 36,864 bytes; the rest leaves room for
    /// the path and the other query parameters.
    /// </summary>
    public const int MaxRequestTargetBytes = (FilterParser.MaxLength * 9) + 4096;

    /// <summary>The largest total of header names and values (Kestrel's own default).</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>Kestrel's request-line limit: the target plus the method and protocol, with room to spare.</summary>
    public const int KestrelMaxRequestLineBytes = 64 * 1024;

    /// <summary>Kestrel's header limit, above ours so that ours answers first.</summary>
    public const int KestrelMaxRequestHeadersBytes = 64 * 1024;
}
