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

    /// <summary>
    /// Removes a role by a value filter on core <c>roles</c> (complex, multi-valued), which the server keeps as one set
    /// with the access extension's roles: RFC 7644 §3.5.2 value filters select elements of a complex attribute, and the
    /// server refuses one on the extension's simple string list.
    /// </summary>
    public static JObject RemoveRole(string role) => Request(Remove($"roles[value eq {ScimFilterText.Quote(role)}]"));

    public static JObject Deactivate() => Request(Replace("active", false));

    public static JObject PromoteServiceAccount(string homeTenant) =>
        Request(Replace(ScimUrns.ServiceAccount, new JObject { ["enabled"] = true, ["homeTenant"] = homeTenant }));
}
