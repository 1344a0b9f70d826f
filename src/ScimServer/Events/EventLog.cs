namespace ScimServer.Events;

/// <summary>Source-generated log messages of event delivery.</summary>
internal static partial class EventLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Events:SigningKey is not set: SETs are signed with a key generated for this process (fine in development; receivers must fetch /.well-known/jwks.json again after every restart).")]
    public static partial void GeneratedSigningKey(ILogger logger);
}
