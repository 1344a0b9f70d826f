using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>User bodies as identity providers send them.</summary>
public static class Users
{
    public const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string AccessSchema = "urn:ietf:params:scim:schemas:extension:access:2.0:User";

    public static JObject Minimal(string userName) => new()
    {
        ["schemas"] = new JArray(CoreSchema),
        ["userName"] = userName,
    };

    /// <summary>The user Microsoft Entra ID's provisioning service creates (its SCIM tutorial's "Create User" request).</summary>
    public static JObject EntraCreate(string userName, string externalId) => JObject.Parse($$"""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "externalId": "{{externalId}}",
          "userName": "{{userName}}",
          "active": true,
          "displayName": "Test User",
          "emails": [{ "primary": true, "type": "work", "value": "{{userName}}" }],
          "meta": { "resourceType": "User" },
          "name": { "formatted": "Test User", "familyName": "User", "givenName": "Test" },
          "roles": [],
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Engineering", "manager": { "value": "m-1" } }
        }
        """);
}
