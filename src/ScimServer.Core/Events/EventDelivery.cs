namespace ScimServer.Core.Events;

/// <summary>How a stream's SETs travel: pushed to the receiver (RFC 8935) or polled by it (RFC 8936).</summary>
public enum EventDelivery
{
    Push,
    Poll,
}
