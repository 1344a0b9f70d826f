namespace ScimServer.Hosting;

/// <summary>Source-generated log messages of the web host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store {Provider} ready at {Location}.")]
    public static partial void StoreReady(ILogger logger, string provider, string location);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}.")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Scim:JwtSigningKey is not set: OAuth access tokens are signed with a random key that ends with this process.")]
    public static partial void EphemeralSigningKey(ILogger logger);
}
