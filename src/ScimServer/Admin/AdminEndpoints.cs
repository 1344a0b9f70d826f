using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using ScimServer.ApiDocs;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Http;

namespace ScimServer.Admin;

/// <summary>
/// The admin API under <c>/admin</c>, for a server-admin token: tenants (with role catalog, default roles and
/// organizations), their bearer tokens and OAuth clients, their audit log, and service accounts across tenants.
/// </summary>
internal static class AdminEndpoints
{
    private const int MaxAuditPage = 1000;

    public static void MapAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin")
            .AddEndpointFilter(app.Services.GetRequiredService<AdminEndpointFilter>())
            .WithGroupName(ApiDocumentation.AdminDocument);

        admin.MapPost("/tenants", async (HttpContext http, TenantAdministration administration, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var created = await administration.CreateTenantAsync(body.Value, AdminEndpointFilter.CallerOf(http), BaseUrl(http), http.RequestAborted);
            if (!created.IsSuccess)
            {
                return ScimResponses.Error(created.Error);
            }

            return Json(TenantJson.Created(created.Value.Tenant, created.Value.FirstAdmin), HttpStatusCode.Created, $"{BaseUrl(http)}/admin/tenants/{created.Value.Tenant.Id}");
        }).WithMetadata(AdminApiOperations.CreateTenant());

        admin.MapGet("/tenants", async (ITenantStore tenants, CancellationToken cancellationToken) =>
            Json(new JObject { ["tenants"] = new JArray((await tenants.ListTenantsAsync(cancellationToken)).Select(TenantJson.Tenant)) }))
            .WithMetadata(AdminApiOperations.ListTenants());

        admin.MapGet("/tenants/{id}", async (string id, ITenantStore tenants, CancellationToken cancellationToken) =>
            await tenants.GetTenantAsync(id, cancellationToken) is { } tenant
                ? Json(TenantJson.Tenant(tenant))
                : ScimResponses.Error(ScimError.NotFound($"Tenant '{id}' not found.")))
            .WithMetadata(AdminApiOperations.GetTenant());

        admin.MapMethods("/tenants/{id}", ["PATCH", "PUT"], async (HttpContext http, string id, TenantAdministration administration, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var updated = await administration.UpdateTenantAsync(id, body.Value, AdminEndpointFilter.CallerOf(http), http.RequestAborted);
            return updated.IsSuccess ? Json(TenantJson.Tenant(updated.Value)) : ScimResponses.Error(updated.Error);
        }).WithMetadata(AdminApiOperations.UpdateTenant());

        admin.MapDelete("/tenants/{id}", async (HttpContext http, string id, TenantAdministration administration) =>
            await administration.DeleteTenantAsync(id, AdminEndpointFilter.CallerOf(http), http.RequestAborted) is { } error
                ? ScimResponses.Error(error)
                : ScimResponses.Status(HttpStatusCode.NoContent))
            .WithMetadata(AdminApiOperations.DeleteTenant());

        MapSecrets(admin, "tokens", TokenKind.Bearer);
        MapSecrets(admin, "clients", TokenKind.OAuthClient);

        admin.MapGet("/tenants/{id}/audit", async (HttpContext http, string id, ITenantStore tenants, IAuditLog audit) =>
        {
            if (await tenants.GetTenantAsync(id, http.RequestAborted) is null)
            {
                return ScimResponses.Error(ScimError.NotFound($"Tenant '{id}' not found."));
            }

            var query = AuditQueryOf(http.Request.Query, id);
            if (!query.IsSuccess)
            {
                return ScimResponses.Error(query.Error);
            }

            var entries = await audit.QueryAsync(query.Value, http.RequestAborted);
            var json = new JObject { ["entries"] = new JArray(entries.Select(TenantJson.Audit)) };
            if (entries.Count == query.Value.Limit && entries.Count > 0)
            {
                json["next"] = entries[^1].Sequence;
            }

            return Json(json);
        }).WithMetadata(AdminApiOperations.Audit());

        admin.MapGet("/service-accounts", async (HttpContext http, TenantAdministration administration) =>
        {
            var userName = http.Request.Query["userName"].ToString();
            if (userName.Length == 0)
            {
                return ScimResponses.Error(ScimError.InvalidValue("Say whose access to show: ?userName=<the service account's userName>."));
            }

            var view = await administration.ServiceAccountsAsync(userName, http.RequestAborted);
            return view.IsSuccess ? Json(view.Value) : ScimResponses.Error(view.Error);
        }).WithMetadata(AdminApiOperations.ServiceAccounts());
    }

    private static void MapSecrets(RouteGroupBuilder admin, string segment, TokenKind kind)
    {
        admin.MapPost($"/tenants/{{id}}/{segment}", async (HttpContext http, string id, TenantAdministration administration, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var created = await administration.CreateTokenAsync(id, body.Value, kind, AdminEndpointFilter.CallerOf(http), http.RequestAborted);
            if (!created.IsSuccess)
            {
                return ScimResponses.Error(created.Error);
            }

            return Json(TenantJson.Created(created.Value.Token, created.Value.Secret), HttpStatusCode.Created, $"{BaseUrl(http)}/admin/tenants/{id}/{segment}/{created.Value.Token.Id}");
        }).WithMetadata(AdminApiOperations.CreateSecret(segment));

        admin.MapGet($"/tenants/{{id}}/{segment}", async (string id, ITenantStore tenants, CancellationToken cancellationToken) =>
        {
            if (await tenants.GetTenantAsync(id, cancellationToken) is null)
            {
                return ScimResponses.Error(ScimError.NotFound($"Tenant '{id}' not found."));
            }

            var tokens = (await tenants.ListTokensAsync(id, cancellationToken)).Where(t => t.Kind == kind);
            return Json(new JObject { [segment] = new JArray(tokens.Select(TenantJson.Token)) });
        }).WithMetadata(AdminApiOperations.ListSecrets(segment));

        admin.MapDelete($"/tenants/{{id}}/{segment}/{{tokenId}}", async (HttpContext http, string id, string tokenId, TenantAdministration administration) =>
        {
            var error = await administration.RevokeTokenAsync(id, tokenId, AdminEndpointFilter.CallerOf(http), http.RequestAborted);
            return error is null ? ScimResponses.Status(HttpStatusCode.NoContent) : ScimResponses.Error(error);
        }).WithMetadata(AdminApiOperations.RevokeSecret(segment));
    }

    private static ScimResult<AuditQuery> AuditQueryOf(IQueryCollection query, string tenant)
    {
        DateTimeOffset? Date(string name) =>
            query.TryGetValue(name, out var value) && ScimDateTime.TryParse(value.ToString(), out var parsed) ? parsed : null;

        foreach (var name in new[] { "from", "to" })
        {
            if (query.ContainsKey(name) && Date(name) is null)
            {
                return ScimError.InvalidValue($"'{name}' must be a dateTime such as 2026-01-31T00:00:00Z.");
            }
        }

        var count = 100;
        if (query.TryGetValue("count", out var countText)
            && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return ScimError.InvalidValue("'count' must be a positive integer.");
        }

        long after = 0;
        if (query.TryGetValue("after", out var afterText)
            && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return ScimError.InvalidValue("'after' must be the 'next' value of the previous page.");
        }

        var resourceId = query["resourceId"].ToString();
        return new AuditQuery
        {
            Tenant = tenant,
            ResourceId = resourceId.Length == 0 ? null : resourceId,
            From = Date("from"),
            To = Date("to"),
            AfterSequence = after,
            Limit = Math.Min(count, MaxAuditPage),
        };
    }

    private static IResult Json(JObject body, HttpStatusCode status = HttpStatusCode.OK, string? location = null) =>
        ScimResponses.Json(body, status, etag: null, location, ScimMediaTypes.Json);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
