using Newtonsoft.Json.Linq;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;

namespace ScimServer.ApiDocs;

/// <summary>Example request bodies as the identity providers send them (Microsoft Entra ID's provisioning service first).</summary>
internal static class ApiExamples
{
    public static JToken? Create(ResourceTypeDefinition type) => type.Name switch
    {
        ScimResourceTypes.User => JObject.Parse($$"""
            {
              "schemas": ["{{ScimSchemaUrns.User}}", "{{ScimSchemaUrns.EnterpriseUser}}"],
              "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
              "userName": "alice@contoso.com",
              "active": true,
              "displayName": "Alice Jensen",
              "name": { "formatted": "Alice Jensen", "givenName": "Alice", "familyName": "Jensen" },
              "emails": [{ "primary": true, "type": "work", "value": "alice@contoso.com" }],
              "{{ScimSchemaUrns.EnterpriseUser}}": { "employeeNumber": "701984", "department": "Finance" }
            }
            """),
        ScimResourceTypes.Group => JObject.Parse($$"""
            {
              "schemas": ["{{ScimSchemaUrns.Group}}"],
              "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
              "displayName": "Finance",
              "members": []
            }
            """),
        _ => null,
    };

    public static JToken? Patch(ResourceTypeDefinition type) => type.Name switch
    {
        ScimResourceTypes.User => JObject.Parse($$"""
            {
              "schemas": ["{{ScimSchemaUrns.PatchOp}}"],
              "Operations": [
                { "op": "Replace", "path": "displayName", "value": "Alice Jensen-Smith" },
                { "op": "Replace", "path": "active", "value": false }
              ]
            }
            """),
        ScimResourceTypes.Group => JObject.Parse($$"""
            {
              "schemas": ["{{ScimSchemaUrns.PatchOp}}"],
              "Operations": [
                { "op": "Add", "path": "members", "value": [{ "value": "2819c223-7f76-453a-919d-413861904646" }] }
              ]
            }
            """),
        _ => null,
    };

    public static JToken Search(ResourceTypeDefinition type) => new JObject
    {
        ["schemas"] = new JArray(ScimSchemaUrns.SearchRequest),
        ["filter"] = type.Name == ScimResourceTypes.Group ? "displayName eq \"Finance\"" : "userName eq \"alice@contoso.com\"",
        ["startIndex"] = 1,
        ["count"] = 10,
    };

    public static JToken SearchAll() => JObject.Parse($$"""
        {
          "schemas": ["{{ScimSchemaUrns.SearchRequest}}"],
          "filter": "meta.lastModified gt \"2026-01-01T00:00:00Z\"",
          "count": 100
        }
        """);

    public static JToken Bulk() => JObject.Parse($$"""
        {
          "schemas": ["{{ScimSchemaUrns.BulkRequest}}"],
          "failOnErrors": 1,
          "Operations": [
            {
              "method": "POST",
              "path": "/Users",
              "bulkId": "alice",
              "data": { "schemas": ["{{ScimSchemaUrns.User}}"], "userName": "alice@contoso.com", "active": true }
            },
            {
              "method": "POST",
              "path": "/Groups",
              "bulkId": "finance",
              "data": { "schemas": ["{{ScimSchemaUrns.Group}}"], "displayName": "Finance", "members": [{ "value": "bulkId:alice" }] }
            }
          ]
        }
        """);
}
