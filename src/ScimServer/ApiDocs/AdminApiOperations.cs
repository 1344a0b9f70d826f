using Newtonsoft.Json.Linq;
using NSwag;
using ScimServer.Http;
using static ScimServer.ApiDocs.ScimJsonSchemas;

namespace ScimServer.ApiDocs;

/// <summary>What the admin API, the OAuth token endpoint, the root and the probes answer, for the admin document.</summary>
internal static class AdminApiOperations
{
    private const string Tenants = "Tenants";
    private const string Secrets = "Tokens and OAuth clients";
    private const string Events = "Provisioning events";

    public static ApiOperation CreateTenant() => Admin("CreateTenant", "Create a tenant, optionally with its first admin user.", Tenants,
        [Created("The tenant (and firstAdmin, if asked for).", AdminJsonSchemas.Tenant, location: true), .. Errors(400, 401, 403, 409, 413)],
        AdminJsonSchemas.TenantCreateRequest,
        JObject.Parse("""{ "id": "acme", "name": "Acme", "firstAdmin": { "userName": "owner@acme.example" } }"""));

    public static ApiOperation ListTenants() => Admin("ListTenants", "List the tenants.", Tenants, [Ok("The tenants.", AdminJsonSchemas.TenantList), .. Errors(401, 403)]);

    public static ApiOperation GetTenant() => Admin("GetTenant", "Read a tenant.", Tenants, [Ok("The tenant.", AdminJsonSchemas.Tenant), .. Errors(401, 403, 404)]);

    public static ApiOperation UpdateTenant() => Admin(
        "UpdateTenant",
        "Change a tenant's name, role catalog, default roles or organizations.",
        Tenants,
        [Ok("The tenant.", AdminJsonSchemas.Tenant), .. Errors(400, 401, 403, 404, 413)],
        AdminJsonSchemas.TenantUpdateRequest,
        JObject.Parse("""
            {
              "roles": [{ "name": "Auditor", "displayName": "Auditor", "serviceAccountEligible": false }],
              "defaultRoles": ["Auditor"],
              "organizations": ["north"]
            }
            """));

    public static ApiOperation DeleteTenant() => Admin("DeleteTenant", "Delete a tenant with its resources and tokens (its audit log stays).", Tenants,
        [new ApiResponse(204, "Deleted."), .. Errors(401, 403, 404)]);

    public static ApiOperation CreateSecret(string segment) => Admin(
        $"Create{Singular(segment)}",
        segment == "tokens" ? "Make a bearer token for the tenant; the secret is shown only in this response." : "Make an OAuth client (client credentials) for the tenant; the secret is shown only in this response.",
        Secrets,
        [Created(
            segment == "tokens" ? "The token with its secret." : "The client with its secret.",
            segment == "tokens" ? AdminJsonSchemas.CreatedToken : AdminJsonSchemas.CreatedClient,
            location: true), .. Errors(400, 401, 403, 404, 413)],
        AdminJsonSchemas.SecretRequest,
        JObject.Parse(segment == "tokens" ? """{ "name": "entra", "expiresInDays": 365 }""" : """{ "name": "entra-gallery" }"""));

    public static ApiOperation ListSecrets(string segment) => Admin($"List{Singular(segment)}s", $"List the tenant's {segment} (never their secrets).", Secrets,
        [Ok($"The tenant's {segment}.", segment == "tokens" ? AdminJsonSchemas.TokenList : AdminJsonSchemas.ClientList), .. Errors(401, 403, 404)]);

    public static ApiOperation RevokeSecret(string segment) => Admin($"Revoke{Singular(segment)}", $"Revoke one of the tenant's {segment}; refused at once.", Secrets,
        [new ApiResponse(204, "Revoked."), .. Errors(401, 403, 404)]);

    public static ApiOperation Audit() => Admin("GetAuditLog", "The tenant's audit log, oldest first, paged by next.", "Audit",
        [Ok("A page of the log.", AdminJsonSchemas.AuditPage), .. Errors(400, 401, 403, 404)]) with
    {
        Parameters =
        [
            new ApiParameter("resourceId", OpenApiParameterKind.Query, "Only the entries of this resource."),
            new ApiParameter("from", OpenApiParameterKind.Query, "Entries at or after this dateTime."),
            new ApiParameter("to", OpenApiParameterKind.Query, "Entries before this dateTime."),
            new ApiParameter("count", OpenApiParameterKind.Query, "Page size (at most 1000).", NJsonSchema.JsonObjectType.Integer),
            new ApiParameter("after", OpenApiParameterKind.Query, "The next value of the previous page.", NJsonSchema.JsonObjectType.Integer),
        ],
    };

    public static ApiOperation ServiceAccounts() => Admin("GetServiceAccount", "Where a service account has access, across tenants.", "Service accounts",
        [Ok("Its users across tenants.", AdminJsonSchemas.ServiceAccountAccess), .. Errors(400, 401, 403)]) with
    {
        Parameters = [new ApiParameter("userName", OpenApiParameterKind.Query, "The service account's userName (required).")],
    };

    public static ApiOperation CreateEventStream() => Admin(
        "CreateEventStream",
        "Make a push (RFC 8935) or poll (RFC 8936) stream of the tenant's provisioning events (RFC 9967); it tells changes from now on.",
        Events,
        [Created("The stream (with its pollUrl for poll).", AdminJsonSchemas.EventStream, location: true), .. Errors(400, 401, 403, 404, 413)],
        AdminJsonSchemas.EventStreamCreateRequest,
        JObject.Parse("""{ "delivery": "push", "endpoint": "https://app.example.com/scim-events", "authorization": "Bearer s3cret", "events": ["urn:ietf:params:scim:event:prov:create:notice"] }"""));

    public static ApiOperation ListEventStreams() => Admin("ListEventStreams", "List the tenant's event streams (an unknown tenant has none).", Events,
        [Ok("The streams.", AdminJsonSchemas.EventStreamList), .. Errors(401, 403)]);

    public static ApiOperation GetEventStream() => Admin("GetEventStream", "Read an event stream.", Events,
        [Ok("The stream.", AdminJsonSchemas.EventStream), .. Errors(401, 403, 404)]);

    public static ApiOperation GetEventStreamStatus() => Admin("GetEventStreamStatus", "A stream's delivery state: cursor, lag, failures.", Events,
        [Ok("The status.", AdminJsonSchemas.EventStreamStatus), .. Errors(401, 403, 404)]);

    public static ApiOperation PauseEventStream() => Admin("PauseEventStream", "Pause or resume a stream; changes wait behind its cursor meanwhile.", Events,
        [Ok("The stream.", AdminJsonSchemas.EventStream), .. Errors(400, 401, 403, 404, 413)],
        AdminJsonSchemas.EventStreamPauseRequest,
        JObject.Parse("""{ "paused": true }"""));

    public static ApiOperation DeleteEventStream() => Admin("DeleteEventStream", "Delete a stream with its acknowledgements.", Events,
        [new ApiResponse(204, "Deleted."), .. Errors(401, 403, 404)]);

    public static ApiOperation PollEvents() => Admin(
        "PollEvents",
        "RFC 8936 poll: acknowledge SETs, then get the next ones (waiting up to Events:PollWait unless returnImmediately).",
        Events,
        [Ok("The next SETs by jti.", AdminJsonSchemas.PollResponse), .. Errors(400, 401, 404, 413)],
        AdminJsonSchemas.PollRequest,
        JObject.Parse("""{ "ack": ["4f1c2d.17"], "maxEvents": 10, "returnImmediately": false }""")) with
    {
        Description = "The server-admin token or a token of the stream's tenant (another tenant's stream is 404).",
    };

    public static ApiOperation Jwks() => new()
    {
        OperationId = "GetJwks",
        Summary = "The public keys that sign the event SETs (RFC 7517).",
        Tag = Events,
        Anonymous = true,
        Responses = [new ApiResponse(200, "The JWK Set.", AdminJsonSchemas.Jwks) { MediaType = ScimMediaTypes.Json }],
    };

    public static ApiOperation Token() => new()
    {
        OperationId = "IssueAccessToken",
        Summary = "OAuth 2.0 client credentials grant (RFC 6749 §4.4): trade a tenant's OAuth client id and secret for a bearer token.",
        Description = "Send grant_type=client_credentials with client_id and client_secret as form fields or HTTP Basic.",
        Tag = "OAuth",
        Anonymous = true,
        RequestSchema = TokenRequest,
        RequestMediaType = "application/x-www-form-urlencoded",
        Responses =
        [
            new ApiResponse(200, "{ access_token, token_type: Bearer, expires_in }", TokenResponse) { MediaType = ScimMediaTypes.Json },
            new ApiResponse(400, "invalid_request or unsupported_grant_type (RFC 6749 §5.2).", OAuthError) { MediaType = ScimMediaTypes.Json },
            new ApiResponse(401, "invalid_client: unknown client or wrong secret.", OAuthError) { MediaType = ScimMediaTypes.Json },
            new ApiResponse(429, "Too many failed authentications from this address; see Retry-After.", Error),
        ],
    };

    public static ApiOperation Root() => new()
    {
        OperationId = "Root",
        Summary = "Where to go from here: the SCIM base path, the API documents and the health probe.",
        Tag = "Operations",
        Anonymous = true,
        Responses = [Ok("Links.")],
    };

    public static ApiOperation ODataServiceDocument() => OData("GetODataServiceDocument",
        "The OData access-review feed's service document: its entity sets.", [ODataOk("{ @odata.context, value: [{ name, kind, url }] }")]);

    public static ApiOperation ODataMetadata() => OData("GetODataMetadata",
        "The feed's CSDL model ($metadata) for Excel, Power BI and OData clients.",
        [new ApiResponse(200, "CSDL XML.") { MediaType = "application/xml" }]);

    public static ApiOperation ODataEntitySet() => OData("ReadODataEntitySet",
        "Read Users, Groups, RoleAssignments, OrganizationMemberships or ServiceAccounts (read-only, paged by @odata.nextLink).",
        [ODataOk("{ @odata.context, @odata.count?, value: [...], @odata.nextLink? }"), ODataError(400, "An unsupported query option or expression."), ODataError(404, "No such entity set.")]) with
    {
        Parameters =
        [
            new ApiParameter("$filter", OpenApiParameterKind.Query, "OData filter, e.g. role eq 'TenantAdmin' and active eq true."),
            new ApiParameter("$select", OpenApiParameterKind.Query, "Properties to return, comma-separated."),
            new ApiParameter("$orderby", OpenApiParameterKind.Query, "One property, optionally followed by desc."),
            new ApiParameter("$top", OpenApiParameterKind.Query, "Most rows to return.", NJsonSchema.JsonObjectType.Integer),
            new ApiParameter("$skip", OpenApiParameterKind.Query, "Rows to skip.", NJsonSchema.JsonObjectType.Integer),
            new ApiParameter("$count", OpenApiParameterKind.Query, "true: include @odata.count.", NJsonSchema.JsonObjectType.Boolean),
            new ApiParameter("$skiptoken", OpenApiParameterKind.Query, "The position a @odata.nextLink carries."),
        ],
    };

    /// <summary>The feed signs in with the bearer token, or HTTP Basic with the token as password (Excel, Power BI).</summary>
    private static ApiOperation OData(string id, string summary, IReadOnlyList<ApiResponse> responses) => new()
    {
        OperationId = id,
        Summary = summary,
        Description = "Authorization: Bearer <tenant token>, or Basic with any user name and the token as password. "
            + "Under /tenants/{tenant}/odata only the server-admin token.",
        Tag = "OData access-review feed",
        Responses = [.. responses, ODataError(401, "No valid token (WWW-Authenticate: Basic, Bearer)."), ODataError(403, "The token may not read this tenant."), ODataError(429, "Too many failed authentications from this address.")],
    };

    private static ApiResponse ODataOk(string description) => new(200, description, AnyObject) { MediaType = "application/json" };

    private static ApiResponse ODataError(int status, string description) =>
        new(status, description + " Body: { error: { code, message } }.", AnyObject) { MediaType = "application/json" };

    private static ApiOperation Admin(
        string id, string summary, string tag, IReadOnlyList<ApiResponse> responses, string? requestSchema = null, JToken? example = null) => new()
    {
        OperationId = id,
        Summary = summary,
        Tag = tag,
        RequestSchema = requestSchema,
        RequestMediaType = ScimMediaTypes.Json,
        RequestExample = example,
        Responses = responses,
    };

    private static string Singular(string segment) => segment == "tokens" ? "Token" : "OAuthClient";

    private static ApiResponse Ok(string description, string schema = AnyObject) => new(200, description, schema) { MediaType = ScimMediaTypes.Json };

    private static ApiResponse Created(string description, string schema, bool location) =>
        new(201, description, schema) { MediaType = ScimMediaTypes.Json, Location = location };

    private static IEnumerable<ApiResponse> Errors(params int[] statuses) => ScimApiOperations.Errors(statuses);
}
