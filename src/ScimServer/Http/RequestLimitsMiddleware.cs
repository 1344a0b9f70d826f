using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using ScimServer.Core.Protocol;

namespace ScimServer.Http;

/// <summary>
/// Answers 414 for a request target over <see cref="RequestLimits.MaxRequestTargetBytes"/> and 431 for headers over
/// <see cref="RequestLimits.MaxRequestHeadersBytes"/>, with a SCIM error body (RFC 7644 §3.12) that Kestrel's own
/// refusal would not carry.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.GetEncodedPathAndQuery();
        if (target.Length > RequestLimits.MaxRequestTargetBytes)
        {
            return ScimResponses.WriteErrorAsync(context, new ScimError(HttpStatusCode.RequestUriTooLong, null, string.Create(CultureInfo.InvariantCulture,
                $"The request target is {target.Length} bytes, over the limit of {RequestLimits.MaxRequestTargetBytes}. Send a long filter in the body of a POST to .search (e.g. /scim/v2/Users/.search).")));
        }

        var headerBytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            headerBytes += name.Length;
            foreach (var value in values)
            {
                headerBytes += value?.Length ?? 0;
            }
        }

        if (headerBytes > RequestLimits.MaxRequestHeadersBytes)
        {
            return ScimResponses.WriteErrorAsync(context, new ScimError(HttpStatusCode.RequestHeaderFieldsTooLarge, null, string.Create(CultureInfo.InvariantCulture,
                $"The request headers are {headerBytes} bytes, over the limit of {RequestLimits.MaxRequestHeadersBytes}.")));
        }

        return next(context);
    }
}
