using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>Group and PATCH bodies as identity providers send them.</summary>
public static class Groups
{
    public const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static JObject New(string displayName, params string[] memberIds) => new()
    {
        ["schemas"] = new JArray(CoreSchema),
        ["displayName"] = displayName,
        ["members"] = new JArray(memberIds.Select(id => new JObject { ["value"] = id })),
    };

    public static JObject Patch(params JObject[] operations) => new()
    {
        ["schemas"] = new JArray(PatchOp),
        ["Operations"] = new JArray(operations),
    };

    public static JObject Operation(string op, string? path, JToken? value)
    {
        var operation = new JObject { ["op"] = op };
        if (path is not null)
        {
            operation["path"] = path;
        }

        if (value is not null)
        {
            operation["value"] = value;
        }

        return operation;
    }

    public static JArray MemberValues(params string[] ids) => new(ids.Select(id => new JObject { ["value"] = id }));
}
