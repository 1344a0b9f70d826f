using NJsonSchema;

namespace ScimServer.ApiDocs;

/// <summary>
/// The admin API's bodies as JSON Schemas (the shapes <c>Admin/TenantJson</c> and <c>TenantAdministration</c> write and
/// read). The API builds its JSON by hand rather than from types, so these are written out here too; the OpenAPI tests
/// validate real responses against them, so a shape that changes without its schema fails a test.
/// </summary>
internal static class AdminJsonSchemas
{
    public const string Tenant = "Tenant";
    public const string TenantList = "TenantList";
    public const string TenantCreateRequest = "TenantCreateRequest";
    public const string TenantUpdateRequest = "TenantUpdateRequest";
    public const string Token = "Token";
    public const string TokenList = "TokenList";
    public const string ClientList = "OAuthClientList";
    public const string SecretRequest = "SecretRequest";
    public const string CreatedToken = "CreatedToken";
    public const string CreatedClient = "CreatedOAuthClient";
    public const string AuditPage = "AuditPage";
    public const string ServiceAccountAccess = "ServiceAccountAccess";
    public const string EventStream = "EventStream";
    public const string EventStreamList = "EventStreamList";
    public const string EventStreamCreateRequest = "EventStreamCreateRequest";
    public const string EventStreamPauseRequest = "EventStreamPauseRequest";
    public const string EventStreamStatus = "EventStreamStatus";
    public const string PollRequest = "PollRequest";
    public const string PollResponse = "PollResponse";
    public const string Jwks = "JsonWebKeySet";

    public static void AddTo(IDictionary<string, JsonSchema> schemas, JsonSchema user)
    {
        var role = Strict("A role of the tenant's catalog: the five system roles and the tenant's custom ones.");
        role.Properties["name"] = Text("The role's value in users' access extension.");
        role.Properties["displayName"] = Text("How the role is shown.");
        role.Properties["serviceAccountEligible"] = Flag("Whether a user with this role may be a service account.");
        role.Properties["system"] = Flag("One of the five roles every tenant has (read-only).");
        role.RequiredProperties.Add("name");
        schemas["Role"] = role;

        var customRole = Strict("A custom role to add to the tenant's catalog.");
        customRole.Properties["name"] = Text("A letter, then letters, digits, space, '_', '.', '-' (64 at most).");
        customRole.Properties["displayName"] = Text("How the role is shown (the name if absent).");
        customRole.Properties["serviceAccountEligible"] = Flag("Whether a user with this role may be a service account (false if absent).");
        customRole.RequiredProperties.Add("name");
        schemas["CustomRole"] = customRole;

        var tenant = Strict("A tenant: an isolated customer workspace with its role catalog and organizations.");
        tenant.Properties["id"] = Text("The tenant's id: 1-63 lower-case letters, digits or '-'.");
        tenant.Properties["name"] = Text("The tenant's name.");
        tenant.Properties["created"] = Date("When the tenant was created.");
        tenant.Properties["roles"] = ArrayOf(role, "The role catalog.");
        tenant.Properties["defaultRoles"] = Strings("The roles a user gets when created without any.");
        tenant.Properties["organizations"] = Strings("The tenant's organizations.");
        tenant.Properties["firstAdmin"] = new JsonSchemaProperty { Reference = user, Description = "The first administrator, when the create asked for one." };
        tenant.RequiredProperties.Add("id");
        schemas[Tenant] = tenant;

        var list = Strict("The tenants.");
        list.Properties["tenants"] = ArrayOf(tenant, "Every tenant.");
        schemas[TenantList] = list;

        var firstAdmin = Strict("The tenant's first administrator (role TenantAdmin), created with the tenant or not at all.");
        firstAdmin.Properties["userName"] = Text("The sign-up email (also the work email when it has an '@').");
        firstAdmin.Properties["displayName"] = Text("The administrator's display name.");
        firstAdmin.Properties["name"] = new JsonSchemaProperty { Type = JsonObjectType.Object, Description = "The administrator's name (the SCIM User's name)." };
        firstAdmin.RequiredProperties.Add("userName");
        schemas["FirstAdmin"] = firstAdmin;

        var update = Strict("The tenant's settings to change; absent ones are kept.");
        AddSettings(update, customRole);
        schemas[TenantUpdateRequest] = update;

        var create = Strict("A new tenant.");
        create.Properties["id"] = Text("1-63 lower-case letters, digits or '-', starting with a letter or digit.");
        AddSettings(create, customRole);
        create.Properties["firstAdmin"] = new JsonSchemaProperty { Reference = firstAdmin, Description = "Optional: the first administrator." };
        create.RequiredProperties.Add("id");
        schemas[TenantCreateRequest] = create;

        var token = Strict("A bearer token or OAuth client of a tenant (never its secret).");
        token.Properties["id"] = Text("The token's id (an OAuth client's clientId).");
        token.Properties["name"] = Text("What the token is for.");
        var kind = Text("bearer or oauthClient.");
        kind.Enumeration.Add("bearer");
        kind.Enumeration.Add("oauthClient");
        token.Properties["kind"] = kind;
        token.Properties["created"] = Date("When it was made.");
        token.Properties["expires"] = Date("When it stops working, if it expires.");
        token.Properties["revoked"] = Date("When it was revoked, if it was.");
        token.RequiredProperties.Add("id");
        schemas[Token] = token;

        var tokens = Strict("The tenant's bearer tokens.");
        tokens.Properties["tokens"] = ArrayOf(token, "Every bearer token, revoked ones included.");
        schemas[TokenList] = tokens;
        var clients = Strict("The tenant's OAuth clients.");
        clients.Properties["clients"] = ArrayOf(token, "Every OAuth client, revoked ones included.");
        schemas[ClientList] = clients;

        var secretRequest = Strict("A new bearer token or OAuth client.");
        secretRequest.Properties["name"] = Text("What it is for (shown in the audit log as the actor).");
        secretRequest.Properties["expiresInDays"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "Days until it stops working (never, if absent)." };
        schemas[SecretRequest] = secretRequest;

        var createdToken = WithSecret(token, "A new bearer token, with its secret: shown only in this response.");
        createdToken.Properties["token"] = Text("The secret: send it as Authorization: Bearer <token>.");
        createdToken.RequiredProperties.Add("token");
        schemas[CreatedToken] = createdToken;

        var createdClient = WithSecret(token, "A new OAuth client, with its secret: shown only in this response.");
        createdClient.Properties["clientId"] = Text("The client_id of the client credentials grant.");
        createdClient.Properties["clientSecret"] = Text("The client_secret: shown only in this response.");
        createdClient.RequiredProperties.Add("clientId");
        createdClient.RequiredProperties.Add("clientSecret");
        schemas[CreatedClient] = createdClient;

        var entry = Strict("One change of the tenant's audit log.");
        entry.Properties["sequence"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "The entry's position in the log (paging key)." };
        entry.Properties["at"] = Date("When the change was made.");
        entry.Properties["actor"] = Text("The token, OAuth client or signed-in user that made it.");
        entry.Properties["operation"] = Text("create, replace, patch, delete, or an admin operation such as tenant.create.");
        entry.Properties["resourceType"] = Text("User, Group, Tenant, Token...");
        entry.Properties["resourceId"] = Text("The changed resource's id.");
        entry.Properties["version"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "The resource's version after the change (none for a delete)." };
        entry.Properties["requestId"] = Text("The request's id, as in the server's log.");
        entry.Properties["summary"] = Text("A short description for people; never a secret or a password.");
        schemas["AuditEntry"] = entry;
        var page = Strict("A page of the audit log, oldest first.");
        page.Properties["entries"] = ArrayOf(entry, "The entries of this page.");
        page.Properties["next"] = new JsonSchemaProperty { Type = JsonObjectType.Integer, Description = "Send as after= for the next page (absent on the last)." };
        schemas[AuditPage] = page;

        var grant = Strict("The service account's user in one tenant.");
        grant.Properties["tenant"] = Text("The tenant.");
        grant.Properties["id"] = Text("The user's id in that tenant.");
        grant.Properties["active"] = Flag("Whether the user may sign in there.");
        grant.Properties["roles"] = Strings("The user's roles there.");
        grant.Properties["serviceAccount"] = new JsonSchemaProperty { Type = JsonObjectType.Object, Description = "{ enabled, homeTenant } as in the access extension." };
        schemas["ServiceAccountTenant"] = grant;
        var access = Strict("Where a service account has access, across tenants.");
        access.Properties["userName"] = Text("The service account's userName.");
        access.Properties["homeTenant"] = new JsonSchemaProperty { Type = JsonObjectType.String | JsonObjectType.Null, Description = "Its home tenant (null if no tenant names one)." };
        access.Properties["tenants"] = ArrayOf(grant, "Each tenant where a user of this userName exists.");
        schemas[ServiceAccountAccess] = access;
        AddEventSchemas(schemas);
    }

    private static void AddEventSchemas(IDictionary<string, JsonSchema> schemas)
    {
        var stream = Strict("An event stream of a tenant (RFC 9967 events as SETs); the receiver's authorization is never shown.");
        stream.Properties["id"] = Text("The stream's id.");
        stream.Properties["tenant"] = Text("The tenant whose changes it tells.");
        stream.Properties["delivery"] = OneOf("push (RFC 8935) or poll (RFC 8936).", "push", "poll");
        stream.Properties["format"] = OneOf("notice: the changed attribute names; full: the resource after the change in data (RFC 9967 §2.4).", "notice", "full");
        stream.Properties["events"] = Strings("The event URIs it sends (every event when empty).");
        stream.Properties["paused"] = Flag("Whether delivery is paused (changes wait behind the cursor).");
        stream.Properties["created"] = Date("When the stream was made; it tells changes from then on.");
        stream.Properties["endpoint"] = Text("Push: the receiver's URL.");
        stream.Properties["authorization"] = new JsonSchemaProperty { Type = JsonObjectType.String | JsonObjectType.Null, Description = "Push: \"(set)\" when an Authorization header is sent, else null." };
        stream.Properties["pollUrl"] = Text("Poll: where the receiver polls (POST, RFC 8936 §2.4).");
        stream.RequiredProperties.Add("id");
        stream.RequiredProperties.Add("delivery");
        schemas[EventStream] = stream;

        var list = Strict("The tenant's event streams.");
        list.Properties["streams"] = ArrayOf(stream, "Every stream of the tenant.");
        schemas[EventStreamList] = list;

        var create = Strict("A new event stream.");
        create.Properties["delivery"] = OneOf("push or poll.", "push", "poll");
        create.Properties["endpoint"] = Text("Push: the receiver's absolute http(s) URL (required for push).");
        create.Properties["authorization"] = Text("Push: the Authorization header value to send, e.g. \"Bearer …\" (kept secret).");
        create.Properties["events"] = Strings("Only these event URIs (all when absent).");
        create.Properties["format"] = OneOf("notice (the default) or full (the resource after the change, never a password).", "notice", "full");
        create.RequiredProperties.Add("delivery");
        schemas[EventStreamCreateRequest] = create;

        var pause = Strict("Pause or resume a stream.");
        pause.Properties["paused"] = Flag("true pauses, false resumes.");
        pause.RequiredProperties.Add("paused");
        schemas[EventStreamPauseRequest] = pause;

        var lag = Strict("How far the stream is behind the audit log.");
        lag.Properties["entries"] = Integer("Log entries after the cursor (counted up to 1000).");
        lag.Properties["atLeast"] = Flag("true when there are more than counted.");
        lag.Properties["seconds"] = Integer("The age of the oldest entry after the cursor.");
        schemas["EventStreamLag"] = lag;
        var status = Strict("A stream's delivery state.");
        status.Properties["state"] = OneOf("active, paused, or failing (no success for Events:FailingAfter).", "active", "paused", "failing");
        status.Properties["cursor"] = Integer("The audit sequence up to which everything was delivered or acknowledged.");
        status.Properties["lastDelivered"] = NullableDate("When the cursor last moved.");
        status.Properties["lag"] = new JsonSchemaProperty { Reference = lag, Description = "How far behind." };
        status.Properties["failures"] = Integer("Failed deliveries since the last success.");
        status.Properties["failingSince"] = NullableDate("The first failure since the last success.");
        status.Properties["lastError"] = new JsonSchemaProperty { Type = JsonObjectType.String | JsonObjectType.Null, Description = "The last delivery error." };
        status.RequiredProperties.Add("state");
        status.RequiredProperties.Add("cursor");
        schemas[EventStreamStatus] = status;

        var poll = Strict("An RFC 8936 §2.4 poll request.");
        poll.Properties["ack"] = Strings("The jti of each SET received and processed.");
        poll.Properties["setErrs"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.Object,
            Description = "jti to { err, description }: SETs the receiver could not use (they count as answered).",
        };
        poll.Properties["maxEvents"] = Integer("The most SETs to return (0: only acknowledge; capped at Events:PollMaxEvents).");
        poll.Properties["returnImmediately"] = Flag("true: answer at once, even with no SET (else wait up to Events:PollWait).");
        schemas[PollRequest] = poll;

        var sets = Strict("An RFC 8936 §2.4 poll response.");
        sets.Properties["sets"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.Object,
            Description = "jti to the SET (a JWS compact serialization, typ secevent+jwt).",
            AdditionalPropertiesSchema = new JsonSchema { Type = JsonObjectType.String },
        };
        sets.Properties["moreAvailable"] = Flag("true when more SETs are waiting.");
        sets.RequiredProperties.Add("sets");
        schemas[PollResponse] = sets;

        var jwks = new JsonSchema { Type = JsonObjectType.Object, Description = "The public keys that sign the SETs (RFC 7517 JWK Set)." };
        jwks.Properties["keys"] = new JsonSchemaProperty
        {
            Type = JsonObjectType.Array,
            Item = new JsonSchema { Type = JsonObjectType.Object },
            Description = "Public JWKs (kty, kid, use: sig, alg, and the public parameters).",
        };
        jwks.RequiredProperties.Add("keys");
        schemas[Jwks] = jwks;
    }

    private static void AddSettings(JsonSchema schema, JsonSchema customRole)
    {
        schema.Properties["name"] = Text("The tenant's name (its id if absent on create).");
        schema.Properties["roles"] = ArrayOf(customRole, "Custom roles (the five system roles are always there).");
        schema.Properties["defaultRoles"] = Strings("The roles a user gets when created without any.");
        schema.Properties["organizations"] = Strings("The tenant's organizations.");
    }

    private static JsonSchema WithSecret(JsonSchema token, string description)
    {
        var created = Strict(description);
        foreach (var (name, property) in token.Properties)
        {
            created.Properties[name] = new JsonSchemaProperty { Type = property.Type, Description = property.Description, Format = property.Format };
            foreach (var value in property.Enumeration)
            {
                created.Properties[name].Enumeration.Add(value);
            }
        }

        created.RequiredProperties.Add("id");
        return created;
    }

    private static JsonSchema Strict(string description) =>
        new() { Type = JsonObjectType.Object, Description = description, AllowAdditionalProperties = false };

    private static JsonSchemaProperty Text(string description) => new() { Type = JsonObjectType.String, Description = description };

    private static JsonSchemaProperty Flag(string description) => new() { Type = JsonObjectType.Boolean, Description = description };

    private static JsonSchemaProperty Date(string description) =>
        new() { Type = JsonObjectType.String, Format = JsonFormatStrings.DateTime, Description = description };

    private static JsonSchemaProperty NullableDate(string description) =>
        new() { Type = JsonObjectType.String | JsonObjectType.Null, Format = JsonFormatStrings.DateTime, Description = description };

    private static JsonSchemaProperty Integer(string description) => new() { Type = JsonObjectType.Integer, Description = description };

    private static JsonSchemaProperty OneOf(string description, params string[] values)
    {
        var property = Text(description);
        foreach (var value in values)
        {
            property.Enumeration.Add(value);
        }

        return property;
    }

    private static JsonSchemaProperty Strings(string description) =>
        new() { Type = JsonObjectType.Array, Item = new JsonSchema { Type = JsonObjectType.String }, Description = description };

    private static JsonSchemaProperty ArrayOf(JsonSchema item, string description) =>
        new() { Type = JsonObjectType.Array, Item = new JsonSchema { Reference = item }, Description = description };
}
