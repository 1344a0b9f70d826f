using System.Net;
using ScimServer.Core.Storage;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.OData;

/// <summary>
/// Guards the feed as <see cref="ScimEndpointFilter"/> guards SCIM: the token decides the tenant under <c>/odata</c>;
/// only the server-admin token reads a tenant by id under <c>/tenants/{tenant}/odata</c>. Bearer and Basic (any user
/// name, the token as password) both work; failures answer with OData error bodies.
/// </summary>
internal sealed class ODataEndpointFilter(BearerTokenAuthenticator authenticator, ITenantStore tenants) : IEndpointFilter
{
    public const string Prefix = "/odata";
    private const string ContextKey = "odata.context";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var (caller, error) = await authenticator.AuthenticateAsync(http, acceptBasic: true);
        if (caller is null)
        {
            return ODataResponses.Error(error!.Status, error.Detail);
        }

        var routeTenant = http.GetRouteValue(ScimEndpointFilter.TenantRouteValue) as string;
        string tenantId;
        string basePath;
        if (routeTenant is null)
        {
            if (caller.IsServerAdmin)
            {
                return ODataResponses.Error(HttpStatusCode.Forbidden,
                    "A server-admin token has no tenant of its own: read one through /tenants/{tenant}/odata.");
            }

            tenantId = caller.Tenant!;
            basePath = Prefix;
        }
        else
        {
            if (!caller.IsServerAdmin)
            {
                return ODataResponses.Error(HttpStatusCode.Forbidden, "Only a server-admin token may address a tenant by its id.");
            }

            tenantId = routeTenant;
            basePath = $"/tenants/{Uri.EscapeDataString(routeTenant)}{Prefix}";
        }

        var tenant = await tenants.GetTenantAsync(tenantId, http.RequestAborted);
        if (tenant is null)
        {
            return ODataResponses.Error(HttpStatusCode.NotFound, $"Tenant '{tenantId}' not found.");
        }

        var request = http.Request;
        http.Items[ContextKey] = new FeedContext(tenant, $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}");
        return await next(invocation);
    }

    public static FeedContext ContextOf(HttpContext http) =>
        http.Items[ContextKey] as FeedContext
        ?? throw new InvalidOperationException("The OData endpoint filter did not run for this endpoint.");
}
