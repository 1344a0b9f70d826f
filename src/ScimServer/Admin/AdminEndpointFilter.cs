using ScimServer.Core.Protocol;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.Admin;

/// <summary>Guards <c>/admin</c>: only a server-admin token (one without a tenant, <c>Scim:AdminToken</c>) passes.</summary>
internal sealed class AdminEndpointFilter(BearerTokenAuthenticator authenticator) : IEndpointFilter
{
    private const string CallerKey = "admin.caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var (caller, error) = await authenticator.AuthenticateAsync(invocation.HttpContext);
        if (caller is null)
        {
            return ScimResponses.Error(error!);
        }

        if (!caller.IsServerAdmin)
        {
            return ScimResponses.Error(ScimError.Forbidden("The admin API needs a server-admin token."));
        }

        invocation.HttpContext.Items[CallerKey] = caller;
        return await next(invocation);
    }

    public static ScimCaller CallerOf(HttpContext http) =>
        http.Items[CallerKey] as ScimCaller ?? throw new InvalidOperationException("The admin filter did not run.");
}
