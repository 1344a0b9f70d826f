using Newtonsoft.Json.Linq;

namespace ScimServer.Cli.Scim;

/// <summary>PATCH request bodies (RFC 7644 §3.5.2).</summary>
internal static class PatchOps
{
    public static JObject Request(params JObject[] operations) => Request((IEnumerable<JObject>)operations);

    public static JObject Request(IEnumerable<JObject> operations) => new()
    {
        ["schemas"] = new JArray(ScimUrns.PatchOp),
        ["Operations"] = new JArray(operations),
    };

    public static JObject Add(string path, JToken value) => new() { ["op"] = "add", ["path"] = path, ["value"] = value };

    public static JObject Replace(string path, JToken value) => new() { ["op"] = "replace", ["path"] = path, ["value"] = value };

    public static JObject Remove(string path) => new() { ["op"] = "remove", ["path"] = path };

    public static JObject AddRole(string role) => Request(Add(ScimUrns.Roles, new JArray(role)));

    public static JObject RemoveRole(string role) => Request(Remove($"{ScimUrns.Roles}[value eq {ScimFilterText.Quote(role)}]"));

    public static JObject Deactivate() => Request(Replace("active", false));

    public static JObject PromoteServiceAccount(string homeTenant) =>
        Request(Replace(ScimUrns.ServiceAccount, new JObject { ["enabled"] = true, ["homeTenant"] = homeTenant }));
}
