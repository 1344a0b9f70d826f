using System.Net;
using Microsoft.Extensions.Options;
using ScimServer.Core.Protocol;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.Telemetry;

/// <summary>
/// Guards <c>/metrics</c>: it names every tenant, so it is the server admin's — a server-admin bearer token, or a
/// client in one of <c>Telemetry:Metrics:AllowedNetworks</c> (a Prometheus server cannot easily hold a rotating token).
/// </summary>
internal sealed class MetricsAccessMiddleware(RequestDelegate next, BearerTokenAuthenticator authenticator, IOptions<TelemetryOptions> options)
{
    private readonly IPNetwork[] _allowed = options.Value.Metrics.AllowedNetworks.Select(IPNetwork.Parse).ToArray();

    public async Task InvokeAsync(HttpContext http)
    {
        if (!IsFromAllowedNetwork(http.Connection.RemoteIpAddress))
        {
            var (caller, error) = await authenticator.AuthenticateAsync(http);
            if (caller is null)
            {
                await ScimResponses.WriteErrorAsync(http, error!);
                return;
            }

            if (!caller.IsServerAdmin)
            {
                await ScimResponses.WriteErrorAsync(http, ScimError.Forbidden("/metrics needs a server-admin token."));
                return;
            }
        }

        await next(http);
    }

    private bool IsFromAllowedNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
