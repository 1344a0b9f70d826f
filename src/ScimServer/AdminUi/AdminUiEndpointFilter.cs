using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.AdminUi;

/// <summary>
/// Guards what the User Management page calls: the session cookie instead of a bearer token, an antiforgery token on
/// every state-changing request, and the session checked against the store (a user deactivated or stripped of the
/// managing roles is refused at once). The SCIM endpoints behind it then act with the signed-in user as the audit
/// actor and, for an Administrator, within its organizations (<see cref="ScimRequestContext.Scope"/>).
/// </summary>
internal sealed class AdminUiEndpointFilter(AdminUiSessions sessions, IAntiforgery antiforgery) : IEndpointFilter
{
    public const string ScimPrefix = "/admin/ui/scim/v2";
    private const string SessionKey = "adminui.session";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var authenticated = await http.AuthenticateAsync(AdminUiClaims.Scheme);
        if (!authenticated.Succeeded)
        {
            return ScimResponses.Error(ScimError.Unauthorized("Sign in first (your session may have ended after a time without use)."));
        }

        http.User = authenticated.Principal;
        var refusal = await CheckAntiforgeryAsync(http, antiforgery);
        if (refusal is not null)
        {
            return ScimResponses.Error(refusal);
        }

        var session = await sessions.ResolveAsync(http.User, http.RequestAborted);
        if (!session.IsSuccess)
        {
            if (session.Error.Status == System.Net.HttpStatusCode.Unauthorized || session.Error.Status == System.Net.HttpStatusCode.Forbidden)
            {
                await http.SignOutAsync(AdminUiClaims.Scheme);
            }

            return ScimResponses.Error(session.Error);
        }

        http.Items[SessionKey] = session.Value;
        BearerTokenAuthenticator.Remember(http, new ScimCaller(session.Value.SubjectId, session.Value.Actor, session.Value.Tenant));
        var request = http.Request;
        ScimEndpointFilter.Remember(http, new ScimRequestContext(session.Value.Tenant, $"{request.Scheme}://{request.Host}{request.PathBase}{ScimPrefix}")
        {
            Actor = session.Value.Actor,
            RequestId = http.TraceIdentifier,
            Scope = session.Value.Scope,
        });
        return await next(invocation);
    }

    public static AdminUiSession SessionOf(HttpContext http) =>
        http.Items[SessionKey] as AdminUiSession ?? throw new InvalidOperationException("The User Management filter did not run.");

    /// <summary>A state-changing request must echo the antiforgery token (header <c>X-CSRF-Token</c>) bound to its session.</summary>
    public static async Task<ScimError?> CheckAntiforgeryAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return null;
        }

        return await antiforgery.IsRequestValidAsync(http)
            ? null
            : ScimError.BadRequest(ScimType.InvalidValue, "The request lacks a valid antiforgery token (X-CSRF-Token): reload the page.");
    }
}
