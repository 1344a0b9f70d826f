using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Admin;

/// <summary>The JSON shapes of the admin API.</summary>
internal static class TenantJson
{
    public static JObject Tenant(TenantRecord tenant) => new()
    {
        ["id"] = tenant.Id,
        ["name"] = tenant.Name,
        ["created"] = ScimDateTime.ToText(tenant.Created),
        ["roles"] = new JArray(tenant.Roles.Select(r => new JObject
        {
            ["name"] = r.Name,
            ["displayName"] = r.DisplayName,
            ["serviceAccountEligible"] = r.ServiceAccountEligible,
            ["system"] = r.System,
        })),
        ["defaultRoles"] = new JArray(tenant.DefaultRoles),
        ["organizations"] = new JArray(tenant.Organizations),
    };

    /// <summary>A tenant just created, with its first administrator when one was asked for.</summary>
    public static JObject Created(TenantRecord tenant, JObject? firstAdmin)
    {
        var json = Tenant(tenant);
        if (firstAdmin is not null)
        {
            json["firstAdmin"] = firstAdmin;
        }

        return json;
    }

    /// <summary>A token or OAuth client just created: the secret is shown here, once; only its SHA-256 is stored.</summary>
    public static JObject Created(TokenRecord token, string secret)
    {
        var json = Token(token);
        if (token.Kind == TokenKind.OAuthClient)
        {
            json["clientId"] = token.Id;
            json["clientSecret"] = secret;
        }
        else
        {
            json["token"] = secret;
        }

        return json;
    }

    public static JObject Token(TokenRecord token)
    {
        var json = new JObject
        {
            ["id"] = token.Id,
            ["name"] = token.Name,
            ["kind"] = token.Kind == TokenKind.OAuthClient ? "oauthClient" : "bearer",
            ["created"] = ScimDateTime.ToText(token.Created),
        };
        if (token.Expires is { } expires)
        {
            json["expires"] = ScimDateTime.ToText(expires);
        }

        if (token.Revoked is { } revoked)
        {
            json["revoked"] = ScimDateTime.ToText(revoked);
        }

        return json;
    }

    public static JObject Audit(AuditEntry entry)
    {
        var json = new JObject
        {
            ["sequence"] = entry.Sequence,
            ["at"] = ScimDateTime.ToText(entry.At),
            ["actor"] = entry.Actor,
            ["operation"] = entry.Operation,
            ["resourceType"] = entry.ResourceType,
            ["resourceId"] = entry.ResourceId,
        };
        if (entry.Version is { } version)
        {
            json["version"] = version;
        }

        if (entry.RequestId is not null)
        {
            json["requestId"] = entry.RequestId;
        }

        if (entry.Summary is not null)
        {
            json["summary"] = entry.Summary;
        }

        return json;
    }
}
