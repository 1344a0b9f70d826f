using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Endpoints;
using ScimServer.Http;

namespace ScimServer.AdminUi;

/// <summary>
/// The User Management page at <c>/admin/ui</c>: its static files (embedded in the server, so nothing is fetched or
/// built at run time), its session API, and the SCIM endpoints again under <c>/admin/ui/scim/v2</c> behind the
/// session cookie — the same handlers and Core services as <c>/scim/v2</c>, so the page can do nothing SCIM refuses.
/// </summary>
internal static class AdminUiEndpoints
{
    public const string BasePath = "/admin/ui";
    private const string ApiPath = BasePath + "/api";
    private const int AuditPage = 100;

    public static void UseAdminUiFiles(this IApplicationBuilder app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(AdminUiEndpoints).Assembly, "AdminUi/wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = BasePath, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = BasePath, FileProvider = files });
    }

    public static void MapAdminUi(this WebApplication app)
    {
        var api = app.MapGroup(ApiPath).ExcludeFromDescription();
        api.MapGet("/session", DescribeAsync);
        api.MapPost("/session", SignInAsync);
        api.MapDelete("/session", SignOutAsync);
        api.MapPut("/session/tenant", SwitchTenantAsync);

        var filter = app.Services.GetRequiredService<AdminUiEndpointFilter>();
        var registry = app.Services.GetRequiredService<SchemaRegistry>();
        api.MapGet("/users/{id}/audit", UserAuditAsync).AddEndpointFilter(filter);
        api.MapPost("/users/import/check", AdminUiImportCheck.CheckAsync).AddEndpointFilter(filter);
        api.MapGet("/groups/{id}/member-groups", MemberGroupsAsync).AddEndpointFilter(filter);
        api.MapAdminUiTenants(filter);
        var scim = app.MapGroup(AdminUiEndpointFilter.ScimPrefix).AddEndpointFilter(filter).ExcludeFromDescription();
        scim.MapBulk();
        foreach (var resourceType in registry.ResourceTypes)
        {
            scim.MapResource(resourceType);
        }
    }

    /// <summary>Who is signed in (if anyone), the tenant's role catalog and organizations, and a fresh antiforgery token.</summary>
    private static async Task<IResult> DescribeAsync(
        HttpContext http, AdminUiSessions sessions, IAntiforgery antiforgery, ITenantStore tenants)
    {
        var authenticated = await http.AuthenticateAsync(AdminUiClaims.Scheme);
        if (authenticated.Succeeded)
        {
            http.User = authenticated.Principal;
            var session = await sessions.ResolveAsync(http.User, http.RequestAborted);
            if (session.IsSuccess)
            {
                return ScimResponses.Json(await SessionBodyAsync(http, session.Value, sessions, antiforgery, tenants), mediaType: ScimMediaTypes.Json);
            }

            await http.SignOutAsync(AdminUiClaims.Scheme);
            http.User = new System.Security.Claims.ClaimsPrincipal();
            return ScimResponses.Json(Anonymous(http, antiforgery, session.Error.Detail), mediaType: ScimMediaTypes.Json);
        }

        return ScimResponses.Json(Anonymous(http, antiforgery, null), mediaType: ScimMediaTypes.Json);
    }

    /// <summary>
    /// The signed-in tenant's audit log for one user, newest last, paged by <c>after</c> (the previous page's
    /// <c>next</c>). The user is read first through the same Core service and scope as SCIM, so an Administrator gets
    /// 404 for a user outside its organizations exactly as <c>GET /Users/{id}</c> would answer.
    /// </summary>
    private static async Task<IResult> UserAuditAsync(HttpContext http, string id, ResourceService resources, IAuditLog audit)
    {
        var context = ScimEndpointFilter.ContextOf(http);
        var user = await resources.GetAsync(
            context, resources.Registry.GetResourceType(ScimResourceTypes.User), id, AttributeSelection.Default, http.RequestAborted);
        if (!user.IsSuccess)
        {
            return ScimResponses.Error(user.Error);
        }

        long after = 0;
        var afterText = http.Request.Query["after"].ToString();
        if (afterText.Length > 0 && !long.TryParse(afterText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after))
        {
            return ScimResponses.Error(ScimError.InvalidValue("'after' must be the 'next' value of the previous page."));
        }

        var entries = await audit.QueryAsync(
            new AuditQuery { Tenant = context.Tenant, ResourceId = id, AfterSequence = after, Limit = AuditPage }, http.RequestAborted);
        var json = new JObject { ["entries"] = new JArray(entries.Select(Admin.TenantJson.Audit)) };
        if (entries.Count == AuditPage)
        {
            json["next"] = entries[^1].Sequence;
        }

        return ScimResponses.Json(json, mediaType: ScimMediaTypes.Json);
    }

    /// <summary>
    /// The groups that are direct members of a group (nested groups), for its panel: a list of Users filtered on
    /// <c>groups.value eq</c> pages the users but cannot show a member of type Group, and the group's own
    /// <c>members</c> would carry every user of a group of 20,000. The group is read first through the same Core
    /// service as SCIM (without its members), so an unknown group is 404 as <c>GET /Groups/{id}</c> would answer.
    /// </summary>
    private static async Task<IResult> MemberGroupsAsync(
        HttpContext http, string id, ResourceService resources, AttributeResolver resolver, IResourceStore store)
    {
        var context = ScimEndpointFilter.ContextOf(http);
        var groupType = resources.Registry.GetResourceType(ScimResourceTypes.Group);
        var withoutMembers = AttributeSelection.Parse(resolver, groupType, null, SchemaRegistry.MembersAttribute);
        var group = await resources.GetAsync(context, groupType, id, withoutMembers.Value!, http.RequestAborted);
        if (!group.IsSuccess)
        {
            return ScimResponses.Error(group.Error);
        }

        var groups = await store.ListMemberGroupsAsync(context.Tenant, id, http.RequestAborted);
        var json = new JObject
        {
            ["groups"] = new JArray(groups.Select(g => new JObject { ["value"] = g.MemberId, ["display"] = g.Display, ["type"] = g.MemberType })),
        };
        return ScimResponses.Json(json, mediaType: ScimMediaTypes.Json);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, AdminUiSessions sessions, IAntiforgery antiforgery, ITenantStore tenants, IOptions<ScimOptions> options)
    {
        var refusal = await AdminUiEndpointFilter.CheckAntiforgeryAsync(http, antiforgery);
        if (refusal is not null)
        {
            return ScimResponses.Error(refusal);
        }

        var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
        if (!body.IsSuccess)
        {
            return ScimResponses.Error(body.Error);
        }

        var form = body.Value as JObject ?? [];
        var token = (string?)form["token"];
        var userName = (string?)form["userName"];
        var password = (string?)form["password"];
        ScimResult<System.Security.Claims.ClaimsPrincipal> principal;
        if (!string.IsNullOrWhiteSpace(token))
        {
            principal = await sessions.SignInWithTokenAsync(http, token.Trim(), http.RequestAborted);
        }
        else if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return ScimResponses.Error(ScimError.InvalidValue("Enter your user name and password, or a tenant token."));
        }
        else
        {
            var tenant = (string?)form["tenant"];
            principal = await sessions.SignInWithPasswordAsync(
                http, string.IsNullOrWhiteSpace(tenant) ? "default" : tenant.Trim(), userName.Trim(), password, http.RequestAborted);
        }

        if (!principal.IsSuccess)
        {
            return ScimResponses.Error(principal.Error);
        }

        return await StartSessionAsync(http, principal.Value, sessions, antiforgery, tenants);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, AdminUiSessions sessions, IAntiforgery antiforgery, IAuditLog audit, TimeProvider time)
    {
        var authenticated = await http.AuthenticateAsync(AdminUiClaims.Scheme);
        if (authenticated.Succeeded)
        {
            http.User = authenticated.Principal;
            var refusal = await AdminUiEndpointFilter.CheckAntiforgeryAsync(http, antiforgery);
            if (refusal is not null)
            {
                return ScimResponses.Error(refusal);
            }

            var session = await sessions.ResolveAsync(http.User, http.RequestAborted);
            if (session.IsSuccess)
            {
                await audit.AppendAsync(
                    new AuditEntry
                    {
                        Tenant = session.Value.SignInTenant, At = time.GetUtcNow(), Actor = session.Value.Actor, Operation = "sign-out",
                        ResourceType = "User", ResourceId = session.Value.SubjectId, RequestId = http.TraceIdentifier,
                        Summary = "signed out of the User Management page",
                    },
                    http.RequestAborted);
            }

            await http.SignOutAsync(AdminUiClaims.Scheme);
        }

        return ScimResponses.Status(HttpStatusCode.NoContent);
    }

    private static async Task<IResult> SwitchTenantAsync(
        HttpContext http, AdminUiSessions sessions, IAntiforgery antiforgery, ITenantStore tenants, IOptions<ScimOptions> options)
    {
        var authenticated = await http.AuthenticateAsync(AdminUiClaims.Scheme);
        if (!authenticated.Succeeded)
        {
            return ScimResponses.Error(ScimError.Unauthorized("Sign in first."));
        }

        http.User = authenticated.Principal;
        var refusal = await AdminUiEndpointFilter.CheckAntiforgeryAsync(http, antiforgery);
        if (refusal is not null)
        {
            return ScimResponses.Error(refusal);
        }

        var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
        if (!body.IsSuccess)
        {
            return ScimResponses.Error(body.Error);
        }

        var tenant = (string?)(body.Value as JObject)?["tenant"];
        var current = await sessions.ResolveAsync(http.User, http.RequestAborted);
        if (!current.IsSuccess)
        {
            return ScimResponses.Error(current.Error);
        }

        if (string.IsNullOrWhiteSpace(tenant) || !(await sessions.TenantsOfAsync(current.Value, http.RequestAborted)).Contains(tenant, StringComparer.Ordinal))
        {
            return ScimResponses.Error(ScimError.Forbidden($"You cannot act in tenant '{tenant}'."));
        }

        var switched = AdminUiSessions.WithTenant(http.User, tenant);
        var checkedSession = await sessions.ResolveAsync(switched, http.RequestAborted);
        return checkedSession.IsSuccess
            ? await StartSessionAsync(http, switched, sessions, antiforgery, tenants)
            : ScimResponses.Error(checkedSession.Error);
    }

    private static async Task<IResult> StartSessionAsync(
        HttpContext http, System.Security.Claims.ClaimsPrincipal principal, AdminUiSessions sessions, IAntiforgery antiforgery, ITenantStore tenants)
    {
        var session = await sessions.ResolveAsync(principal, http.RequestAborted);
        if (!session.IsSuccess)
        {
            return ScimResponses.Error(session.Error);
        }

        await http.SignInAsync(AdminUiClaims.Scheme, principal);

        // The antiforgery token is bound to the identity: a new one for the session just started.
        http.User = principal;
        return ScimResponses.Json(await SessionBodyAsync(http, session.Value, sessions, antiforgery, tenants), mediaType: ScimMediaTypes.Json);
    }

    private static JObject Anonymous(HttpContext http, IAntiforgery antiforgery, string? ended) => new()
    {
        ["signedIn"] = false,
        ["csrfToken"] = antiforgery.GetAndStoreTokens(http).RequestToken,
        ["message"] = ended,
    };

    private static async Task<JObject> SessionBodyAsync(
        HttpContext http, AdminUiSession session, AdminUiSessions sessions, IAntiforgery antiforgery, ITenantStore tenants)
    {
        var tenant = await tenants.GetTenantAsync(session.Tenant, http.RequestAborted);
        return new JObject
        {
            ["signedIn"] = true,
            ["csrfToken"] = antiforgery.GetAndStoreTokens(http).RequestToken,
            ["user"] = new JObject
            {
                ["name"] = session.Actor,
                ["kind"] = session.Kind,
                ["role"] = session.Role,
                ["serverAdministrator"] = session.IsServerAdministrator,
                ["serviceAccount"] = session.IsServiceAccount,
                ["signInTenant"] = session.SignInTenant,
                ["organizations"] = session.Scope is null ? null : new JArray(session.Scope.Organizations),
            },
            ["tenant"] = session.Tenant,
            ["tenants"] = new JArray(await sessions.TenantsOfAsync(session, http.RequestAborted)),
            ["catalog"] = new JObject
            {
                ["roles"] = new JArray((tenant?.Roles ?? []).Select(r => new JObject
                {
                    ["name"] = r.Name,
                    ["display"] = r.DisplayName,
                    ["serviceAccountEligible"] = r.ServiceAccountEligible,
                })),
                ["defaultRoles"] = new JArray(tenant?.DefaultRoles ?? []),
                ["organizations"] = new JArray(tenant?.Organizations ?? []),
            },
        };
    }
}
