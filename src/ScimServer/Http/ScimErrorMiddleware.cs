using System.Net;
using ScimServer.Core.Protocol;
using ScimServer.Hosting;

namespace ScimServer.Http;

/// <summary>
/// Makes every failure a SCIM error body (RFC 7644 §3.12): unhandled exceptions become 500 without a stack trace,
/// and the bodiless 404 / 405 / 413 of routing and Kestrel get one too.
/// </summary>
internal sealed class ScimErrorMiddleware(RequestDelegate next, ILogger<ScimErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var status = (HttpStatusCode)e.StatusCode;
            var error = status == HttpStatusCode.RequestEntityTooLarge
                ? new ScimError(status, null, "The request body is too large.")
                : ScimError.InvalidSyntax("The request could not be read.");
            await ScimResponses.WriteErrorAsync(context, error);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, e, context.Request.Method, context.Request.Path, context.TraceIdentifier);
            context.Response.Clear();
            await ScimResponses.WriteErrorAsync(context, new ScimError(HttpStatusCode.InternalServerError, null,
                $"The server failed to handle the request (request id {context.TraceIdentifier})."));
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
        {
            return;
        }

        var bodiless = (HttpStatusCode)context.Response.StatusCode switch
        {
            HttpStatusCode.NotFound => ScimError.NotFound($"No endpoint at {context.Request.Path}."),
            HttpStatusCode.MethodNotAllowed => new ScimError(HttpStatusCode.MethodNotAllowed, null,
                $"{context.Request.Method} is not supported on {context.Request.Path}."),
            HttpStatusCode.UnsupportedMediaType => new ScimError(HttpStatusCode.UnsupportedMediaType, null, "Unsupported media type."),
            _ => null,
        };

        if (bodiless is not null)
        {
            await ScimResponses.WriteErrorAsync(context, bodiless);
        }
    }
}
