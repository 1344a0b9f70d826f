using Newtonsoft.Json.Linq;

namespace ScimServer.Conformance.Scenarios;

/// <summary>The smallest valid bodies; scenarios add what their source sends.</summary>
internal static class Resources
{
    public static JObject User(string userName) => new()
    {
        ["schemas"] = new JArray(Urns.User),
        ["userName"] = userName,
        ["active"] = true,
    };

    public static JObject Group(string displayName) => new()
    {
        ["schemas"] = new JArray(Urns.Group),
        ["displayName"] = displayName,
    };

    /// <summary>A PatchOp request (RFC 7644 §3.5.2) with the given operations, sent as written.</summary>
    public static JObject Patch(params JObject[] operations) => new()
    {
        ["schemas"] = new JArray(Urns.PatchOp),
        ["Operations"] = new JArray(operations),
    };

    public static JObject Op(string op, string? path, JToken? value)
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

    public static JArray Members(params string[] ids) => new(ids.Select(id => new JObject { ["value"] = id }));
}
