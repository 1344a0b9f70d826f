using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ScimServer.Hosting;

/// <summary>
/// The <c>Scim:ForwardedHeaders</c> section: whether the server believes a reverse proxy's <c>X-Forwarded-Proto</c>,
/// <c>X-Forwarded-Host</c> and <c>X-Forwarded-For</c>, and from which addresses. Off by default: a client that reaches
/// the server directly could otherwise forge the scheme and host every <c>meta.location</c> and <c>Location</c> is built from.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "Scim:ForwardedHeaders";

    /// <summary>Read the forwarded headers (from loopback and the proxies and networks below only).</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose headers are believed, besides loopback (e.g. <c>10.0.0.5</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of the proxies whose headers are believed, e.g. a container network <c>172.18.0.0/16</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// Host names an <c>X-Forwarded-Host</c> may carry (<c>scim.example.com</c>, <c>*.example.com</c>); empty, any host
    /// a trusted proxy sends.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The middleware's options: loopback stays trusted (a proxy on the same host), the configured ones join it.</summary>
    public ForwardedHeadersOptions ToOptions()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedFor,
        };
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        foreach (var host in AllowedHosts)
        {
            options.AllowedHosts.Add(host);
        }

        return options;
    }
}
