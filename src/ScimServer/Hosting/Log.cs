namespace ScimServer.Hosting;

/// <summary>Source-generated log messages of the web host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store {Provider} ready at {Location}.")]
    public static partial void StoreReady(ILogger logger, string provider, string location);

    // The request id is the one the 500 body names: the line is found by it without a logging scope (ASP.NET Core's
    // per-request scope is off, appsettings.json).
    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path} (request {RequestId}).")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Scim:JwtSigningKey is not set: OAuth access tokens are signed with a random key that ends with this process.")]
    public static partial void EphemeralSigningKey(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Failed authentication from {Address} on {Method} {Path}: {Reason}.")]
    public static partial void AuthenticationFailed(ILogger logger, string address, string method, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Too many failed authentications from {Address}: its requests get 429 until the window ends.")]
    public static partial void AuthenticationRateLimited(ILogger logger, string address);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId}, tenant {Tenant}, token {TokenName}, route {Route})")]
    public static partial void Request(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string requestId, string tenant, string tokenName, string route);
}
