namespace ScimServer.Telemetry;

/// <summary>
/// HTTP status codes boxed once: a metric tag value is an object, and boxing the status on every request would be
/// an allocation per request for nothing (ASP.NET Core's own hosting metrics do the same).
/// </summary>
internal static class BoxedStatus
{
    private static readonly object[] Codes = Enumerable.Range(0, 600).Select(code => (object)code).ToArray();

    public static object Of(int status) => (uint)status < (uint)Codes.Length ? Codes[status] : status;
}
