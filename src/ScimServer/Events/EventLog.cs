namespace ScimServer.Events;

/// <summary>Source-generated log messages of event delivery.</summary>
internal static partial class EventLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Events:SigningKey is not set: SETs are signed with a key generated for this process (fine in development; receivers must fetch /.well-known/jwks.json again after every restart).")]
    public static partial void GeneratedSigningKey(ILogger logger);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Push to stream {StreamId} failed (attempt {Attempt}, next in {Delay}): {Error}")]
    public static partial void PushFailed(ILogger logger, string streamId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Push delivery of stream {StreamId} stopped on an error; it starts again on the next round.")]
    public static partial void PushCrashed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Renewing the delivery lease of stream {StreamId} failed; the next renewal tries again.")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Could not give the push delivery threads nice value {Nice}: they run at the requests' priority.")]
    public static partial void DeliveryNiceNotSet(ILogger logger, int nice);
}
