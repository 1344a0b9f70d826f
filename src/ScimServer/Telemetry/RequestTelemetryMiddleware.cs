using System.Diagnostics;
using ScimServer.Hosting;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.Telemetry;

/// <summary>
/// One log line and one <c>scim.server.requests</c> count per request: method, route pattern, path, status, duration,
/// request id, tenant and the calling token's name (the name an admin gave it, never its secret). The route pattern,
/// not the path, is the metric's tag: a path holds resource ids, and a tag per id would grow without bound.
/// </summary>
internal sealed class RequestTelemetryMiddleware(RequestDelegate next, ScimMetrics metrics, ILogger<RequestTelemetryMiddleware> logger)
{
    private const string NoRoute = "(none)";
    private const string Nobody = "-";

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? NoRoute;
            var caller = BearerTokenAuthenticator.CallerOf(http);

            // Under /tenants/{tenant}/scim/v2 the server admin acts in the addressed tenant, not in a tenant of its own.
            var tenant = ScimEndpointFilter.TryContextOf(http)?.Tenant ?? caller?.Tenant ?? "";
            var status = http.Response.StatusCode;
            metrics.Request(route, http.Request.Method, status, tenant);
            Log.Request(logger, http.Request.Method, http.Request.Path, status, elapsed.TotalMilliseconds, http.TraceIdentifier,
                tenant.Length == 0 ? Nobody : tenant, caller?.TokenName ?? Nobody, route);
        }
    }
}
