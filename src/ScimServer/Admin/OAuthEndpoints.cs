using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using ScimServer.ApiDocs;
using ScimServer.Core.Storage;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.Admin;

/// <summary>
/// <c>POST /oauth/token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). A tenant's client (made with
/// <c>POST /admin/tenants/{id}/clients</c>) trades its id and secret — form fields or HTTP Basic — for a signed JWT
/// access token, valid <c>Scim:AccessTokenMinutes</c> (60 by default), that the SCIM endpoints accept as a bearer token.
/// </summary>
internal static class OAuthEndpoints
{
    public static void MapOAuth(this WebApplication app)
    {
        app.MapPost("/oauth/token", async (HttpContext http, ITenantStore tenants, AccessTokenIssuer issuer, AuthenticationFailureLimiter failures, TimeProvider time) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_request", "Send application/x-www-form-urlencoded.");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form["grant_type"].ToString() != "client_credentials")
            {
                return OAuthError(HttpStatusCode.BadRequest, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
            }

            var (clientId, secret) = Credentials(http, form);
            if (clientId is null || secret is null)
            {
                return OAuthError(HttpStatusCode.Unauthorized, "invalid_client", "Send client_id and client_secret.");
            }

            var client = await tenants.FindTokenAsync(TokenSecrets.Hash(secret), http.RequestAborted);
            if (client is null || client.Kind != TokenKind.OAuthClient || client.Id != clientId || client.Tenant is null
                || client.Revoked is not null || client.Expires <= time.GetUtcNow())
            {
                failures.RecordFailure(http, "unknown OAuth client or wrong secret");
                return OAuthError(HttpStatusCode.Unauthorized, "invalid_client", "Unknown client or wrong secret.");
            }

            BearerTokenAuthenticator.Remember(http, new ScimCaller(client.Id, client.Name, client.Tenant));
            var body = new JObject
            {
                ["access_token"] = issuer.Issue(client.Tenant, client.Id, client.Name),
                ["token_type"] = "Bearer",
                ["expires_in"] = (int)issuer.Lifetime.TotalSeconds,
            };
            http.Response.Headers[HeaderNames.CacheControl] = "no-store";
            return ScimResponses.Json(body, HttpStatusCode.OK, etag: null, location: null, ScimMediaTypes.Json);
        }).WithGroupName(ApiDocumentation.AdminDocument).WithMetadata(AdminApiOperations.Token());
    }

    private static (string? ClientId, string? Secret) Credentials(HttpContext http, IFormCollection form)
    {
        var header = http.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        return (id.Length == 0 ? null : id, secret.Length == 0 ? null : secret);
    }

    // RFC 6749 §5.2 error response.
    private static IResult OAuthError(HttpStatusCode status, string error, string description) =>
        ScimResponses.Json(new JObject { ["error"] = error, ["error_description"] = description }, status, etag: null, location: null, ScimMediaTypes.Json);
}
