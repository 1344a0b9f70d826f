namespace ScimServer.Core.Events;

/// <summary>RFC 9967 §2.4: a notice names the changed attributes; a full event carries the resource in <c>data</c>.</summary>
public enum EventFormat
{
    Notice,
    Full,
}
