using System.Net;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using ScimServer.Admin;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Storage;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.AdminUi;

/// <summary>
/// Tenant management from the User Management page: the admin API's own <see cref="TenantAdministration"/> (the same
/// checks, the same atomic tenant-with-first-administrator, secrets shown once), behind the page's session, for a
/// signed-in Server Administrator (seeds: TenantAdmin, "full access across all tenants") only, audited with that user
/// as actor. Everybody else is refused here, not only shown less.
/// </summary>
internal static class AdminUiTenantEndpoints
{
    private const string Tokens = "tokens";

    public static void MapAdminUiTenants(this RouteGroupBuilder api, AdminUiEndpointFilter filter)
    {
        var tenants = api.MapGroup("/tenants").AddEndpointFilter(filter).AddEndpointFilter(RequireServerAdministratorAsync);

        tenants.MapGet("", async (ITenantStore store, CancellationToken cancellationToken) =>
            Json(new JObject { ["tenants"] = new JArray((await store.ListTenantsAsync(cancellationToken)).Select(TenantJson.Tenant)) }));

        tenants.MapPost("", async (HttpContext http, TenantAdministration administration, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var created = await administration.CreateTenantAsync(body.Value, CallerOf(http), BaseUrl(http), http.RequestAborted);
            return created.IsSuccess
                ? Json(TenantJson.Created(created.Value.Tenant, created.Value.FirstAdmin), HttpStatusCode.Created)
                : ScimResponses.Error(created.Error);
        });

        tenants.MapDelete("/{id}", async (HttpContext http, string id, TenantAdministration administration) =>
        {
            // The page would lose its own session with the tenant it signed in at or acts on: switch first.
            var session = AdminUiEndpointFilter.SessionOf(http);
            if (id == session.SignInTenant || id == session.Tenant)
            {
                return ScimResponses.Error(new ScimError(
                    HttpStatusCode.Conflict,
                    null,
                    id == session.SignInTenant
                        ? $"Tenant '{id}' is the one you signed in at: it cannot be deleted from this session."
                        : $"Tenant '{id}' is the one you are managing: switch to another tenant first."));
            }

            var error = await administration.DeleteTenantAsync(id, CallerOf(http), http.RequestAborted);
            return error is null ? ScimResponses.Status(HttpStatusCode.NoContent) : ScimResponses.Error(error);
        });

        tenants.MapGet($"/{{id}}/{Tokens}", async (string id, ITenantStore store, CancellationToken cancellationToken) =>
        {
            if (await store.GetTenantAsync(id, cancellationToken) is null)
            {
                return ScimResponses.Error(ScimError.NotFound($"Tenant '{id}' not found."));
            }

            var tokens = (await store.ListTokensAsync(id, cancellationToken)).Where(t => t.Kind == TokenKind.Bearer);
            return Json(new JObject { [Tokens] = new JArray(tokens.Select(TenantJson.Token)) });
        });

        tenants.MapPost($"/{{id}}/{Tokens}", async (HttpContext http, string id, TenantAdministration administration, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var created = await administration.CreateTokenAsync(id, body.Value, TokenKind.Bearer, CallerOf(http), http.RequestAborted);
            return created.IsSuccess
                ? Json(TenantJson.Created(created.Value.Token, created.Value.Secret), HttpStatusCode.Created)
                : ScimResponses.Error(created.Error);
        });

        tenants.MapDelete($"/{{id}}/{Tokens}/{{tokenId}}", async (HttpContext http, string id, string tokenId, TenantAdministration administration) =>
        {
            var error = await administration.RevokeTokenAsync(id, tokenId, CallerOf(http), http.RequestAborted);
            return error is null ? ScimResponses.Status(HttpStatusCode.NoContent) : ScimResponses.Error(error);
        });
    }

    /// <summary>Runs after the session filter: only a Server Administrator at its own sign-in passes.</summary>
    private static async ValueTask<object?> RequireServerAdministratorAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        AdminUiEndpointFilter.SessionOf(invocation.HttpContext).IsServerAdministrator
            ? await next(invocation)
            : ScimResponses.Error(ScimError.Forbidden("Tenant management is for Server Administrators (TenantAdmin)."));

    /// <summary>The signed-in Server Administrator as the admin service's caller: its userName is the audit actor.</summary>
    private static ScimCaller CallerOf(HttpContext http)
    {
        var session = AdminUiEndpointFilter.SessionOf(http);
        return new ScimCaller(session.SubjectId, session.Actor, Tenant: null);
    }

    private static IResult Json(JObject body, HttpStatusCode status = HttpStatusCode.OK) =>
        ScimResponses.Json(body, status, etag: null, location: null, ScimMediaTypes.Json);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
