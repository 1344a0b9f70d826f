using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Storage;
using ScimServer.Security;

namespace ScimServer.Http;

/// <summary>
/// Guards every SCIM endpoint: authenticates the bearer token and fixes the tenant the request acts on. Under
/// <c>/scim/v2</c> the tenant is the token's; under <c>/tenants/{tenant}/scim/v2</c> only a server-admin token may
/// address a tenant (DESIGN.md: data never crosses tenants but for the server admin).
/// </summary>
internal sealed class ScimEndpointFilter(BearerTokenAuthenticator authenticator, ITenantStore tenants) : IEndpointFilter
{
    public const string TenantRouteValue = "tenant";
    private const string ContextKey = "scim.context";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var (caller, error) = await authenticator.AuthenticateAsync(http);
        if (caller is null)
        {
            return ScimResponses.Error(error!);
        }

        var routeTenant = http.GetRouteValue(TenantRouteValue) as string;
        string tenant;
        string basePath;
        if (routeTenant is null)
        {
            if (caller.IsServerAdmin)
            {
                return ScimResponses.Error(ScimError.Forbidden(
                    "A server-admin token has no tenant of its own: address one through /tenants/{tenant}/scim/v2."));
            }

            tenant = caller.Tenant!;
            basePath = ScimRoutes.Prefix;
        }
        else
        {
            if (!caller.IsServerAdmin)
            {
                return ScimResponses.Error(ScimError.Forbidden("Only a server-admin token may address a tenant by its id."));
            }

            if (await tenants.GetTenantAsync(routeTenant, http.RequestAborted) is null)
            {
                return ScimResponses.Error(ScimError.NotFound($"Tenant '{routeTenant}' not found."));
            }

            tenant = routeTenant;
            basePath = $"/tenants/{Uri.EscapeDataString(routeTenant)}{ScimRoutes.Prefix}";
        }

        var request = http.Request;
        http.Items[ContextKey] = new ScimRequestContext(tenant, $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}")
        {
            Actor = caller.TokenName,
            RequestId = http.TraceIdentifier,
        };
        return await next(invocation);
    }

    /// <summary>Sets the SCIM context of a request authenticated another way (the User Management page's session).</summary>
    public static void Remember(HttpContext http, ScimRequestContext context) => http.Items[ContextKey] = context;

    /// <summary>The SCIM context of this request, or null when no SCIM endpoint (or its filter) ran.</summary>
    public static ScimRequestContext? TryContextOf(HttpContext http) =>
        http.Items.TryGetValue(ContextKey, out var context) ? context as ScimRequestContext : null;

    public static ScimRequestContext ContextOf(HttpContext http) =>
        http.Items[ContextKey] as ScimRequestContext
        ?? throw new InvalidOperationException("The SCIM endpoint filter did not run for this endpoint.");
}
