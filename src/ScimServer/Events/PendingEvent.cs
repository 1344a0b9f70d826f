namespace ScimServer.Events;

/// <summary>One signed SET waiting for delivery or acknowledgement, at its audit sequence.</summary>
internal sealed record PendingEvent(long Sequence, string Jti, string Set);
