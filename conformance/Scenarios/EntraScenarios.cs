using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Http;
using ScimServer.Conformance.Running;
using static ScimServer.Conformance.Running.ScenarioContext;
using static ScimServer.Conformance.Scenarios.Resources;

namespace ScimServer.Conformance.Scenarios;

/// <summary>
/// What the Microsoft Entra provisioning service sends and expects. Request bodies are the ones the Entra tutorial
/// shows under "Understand the Microsoft Entra SCIM implementation" → "User Operations" / "Group Operations", and
/// the known-issues page's examples of the PATCH shapes Entra still sends; ids and names are this run's.
/// </summary>
internal static class EntraScenarios
{
    private const string EntraGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    public static IEnumerable<Scenario> All =>
    [
        New("entra.user.create", "Create User: 201 with id, meta and Location", Sources.Entra("User Operations → Create User") + "; " + Sources.Rfc44("3.3"), CreateUser),
        New("entra.user.filter-userName", "Get User by query: filter=userName eq finds exactly that user", Sources.Entra("User Operations → Get User by query"), FilterByUserName),
        New("entra.user.filter-userName-none", "Get User by query - Zero results: 200 with totalResults 0 (also Test Connection)", Sources.Entra("User Operations → Get User by query - Zero results") + "; " + Sources.EntraValidator, FilterByUserNameNoMatch),
        New("entra.user.filter-externalId", "filter=externalId eq finds exactly that user", Sources.Entra("Understand the Microsoft Entra SCIM implementation (users are queried by userName and externalId)"), FilterByExternalId),
        New("entra.user.patch-multivalued", "Update User [Multi-valued properties]: Replace emails[type eq \"work\"].value and name.familyName", Sources.Entra("User Operations → Update User [Multi-valued properties]"), PatchMultiValued, Feature.Patch),
        New("entra.user.patch-single-valued", "Update User [Single-valued properties]: Replace userName", Sources.Entra("User Operations → Update User [Single-valued properties]"), PatchSingleValued, Feature.Patch),
        New("entra.user.patch-pathless-dotted", "Path-less replace with dotted and URN-qualified keys (name.givenName, emails[type eq \"work\"].value, enterprise employeeNumber)", Sources.EntraKnownIssues + ", § \"Requests to replace multiple attributes\" (request shape from the document)", PatchPathlessDotted, Feature.Patch),
        New("entra.user.patch-active-string", "Disable User with the string boolean \"False\" (capitalised Replace)", Sources.EntraKnownIssues + ", § \"Requests made to disable users\" (the shape sent without the aadOptscim062020 flag)", PatchActiveString, Feature.Patch),
        New("entra.user.patch-manager", "Add the enterprise manager as a bare id string", Sources.EntraKnownIssues + " (manager sent as a plain value on the enterprise URN path; request shape from the document); " + Sources.Rfc43("4.3"), PatchManager, Feature.Patch),
        New("entra.user.soft-delete", "Disable User: Replace active false keeps the user, now inactive", Sources.Entra("User Operations → Disable User"), SoftDelete, Feature.Patch),
        New("entra.user.hard-delete", "Delete User: 204, then GET is 404", Sources.Entra("User Operations → Delete User") + "; " + Sources.Rfc44("3.6"), HardDelete),
        New("entra.user.duplicate", "Creating a second user with the same userName is 409", Sources.EntraValidator + "; " + Sources.Rfc44("3.3") + " (409 with scimType uniqueness)", DuplicateUserName),
        New("entra.user.unknown-id", "GET, PATCH and DELETE of an unknown id are 404", Sources.Entra("Understand the Microsoft Entra SCIM implementation (unknown id)") + "; " + Sources.Rfc44("3.4.1, 3.12"), UnknownId),
        New("entra.group.create", "Create Group (with Entra's ADSCIM schema URN): 201 with id and meta", Sources.Entra("Group Operations → Create Group"), CreateGroup),
        New("entra.group.get-excluded-members", "Get Group / Get Group by displayName with excludedAttributes=members", Sources.Entra("Group Operations → Get Group, Get Group by displayName"), GroupExcludedMembers),
        New("entra.group.patch-displayName", "Update Group [Non-member attributes]: Replace displayName", Sources.Entra("Group Operations → Update Group [Non-member attributes]"), GroupReplaceDisplayName, Feature.Patch),
        New("entra.group.members-add-remove", "Update Group [Add Members] / [Remove Members]: Remove with a value array removes only that member", Sources.Entra("Group Operations → Update Group [Add Members], Update Group [Remove Members]"), GroupMembersAddRemove, Feature.Patch),
        New("entra.group.delete", "Delete Group: 204, then GET is 404", Sources.Entra("Group Operations → Delete Group"), DeleteGroup),
    ];

    private static Scenario New(string id, string title, string source, Func<ScenarioContext, Task> run, params Feature[] requires) =>
        new() { Id = id, Suite = Suite.Entra, Title = title, Source = source, Run = run, Requires = requires };

    /// <summary>The body of "Create User" in the tutorial.</summary>
    private static JObject EntraUser(ScenarioContext context, string label) => new()
    {
        ["schemas"] = new JArray(Urns.User, Urns.EnterpriseUser),
        ["externalId"] = Guid.NewGuid().ToString(),
        ["userName"] = context.UserName(label),
        ["active"] = true,
        ["emails"] = new JArray(new JObject { ["primary"] = true, ["type"] = "work", ["value"] = context.UserName(label + "-mail") }),
        ["meta"] = new JObject { ["resourceType"] = "User" },
        ["name"] = new JObject { ["formatted"] = "givenName familyName", ["familyName"] = "familyName", ["givenName"] = "givenName" },
        ["roles"] = new JArray(),
    };

    private static async Task CreateUser(ScenarioContext context)
    {
        var body = EntraUser(context, "create");
        var response = await context.PostResourceAsync("/Users", body);
        ExpectStatus(response, 201);
        Expect(ScimJson.GetString(response.Body, "id") is { Length: > 0 }, "the created user has an id", response);
        Expect(ScimJson.GetString(response.Body, "userName") == (string?)body["userName"], "userName as sent", response);
        Expect(ScimJson.GetString(response.Body, "meta.resourceType") == "User", "meta.resourceType \"User\"", response);
        Expect(ScimJson.Has(response.Body, "meta.created") && ScimJson.Has(response.Body, "meta.lastModified"), "meta.created and meta.lastModified", response);
        var location = response.Header("Location");
        Expect(location is { Length: > 0 }, "a Location header (RFC 7644 §3.3: the URI SHALL be in Location)", response);
        Expect(ScimJson.GetString(response.Body, "meta.location") == location, "meta.location equal to the Location header (RFC 7644 §3.3)", response);
    }

    private static async Task FilterByUserName(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "byname"));
        var response = await context.ListAsync("/Users", $"userName eq \"{user["userName"]}\"");
        ExpectSingle(response, (string)user["id"]!);
    }

    private static async Task FilterByUserNameNoMatch(ScenarioContext context)
    {
        var response = await context.ListAsync("/Users", $"userName eq \"{context.UserName("nobody")}\"");
        ExpectStatus(response, 200);
        Expect(ScimJson.GetArrayOfStrings(response.Body, "schemas").Contains(Urns.ListResponse), $"schemas [\"{Urns.ListResponse}\"]", response);
        Expect(ScimJson.Get(response.Body, "totalResults") is JValue { Type: JTokenType.Integer } total && (long)total == 0, "totalResults 0", response);
        Expect(ScimJson.GetArray(response.Body, "Resources").Count == 0, "no Resources", response);
    }

    private static async Task FilterByExternalId(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "byext"));
        var externalId = ScimJson.GetString(user, "externalId");
        Expect(externalId is not null, "the created user keeps its externalId", context.Client.Last);
        var response = await context.ListAsync("/Users", $"externalId eq \"{externalId}\"");
        ExpectSingle(response, (string)user["id"]!);
    }

    private static async Task PatchMultiValued(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "multi"));
        var id = (string)user["id"]!;
        var newEmail = context.UserName("updated-mail");
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(
            Op("Replace", "emails[type eq \"work\"].value", newEmail),
            Op("Replace", "name.familyName", "updatedFamilyName")));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        var work = ScimJson.GetArray(read, "emails").Where(e => ScimJson.GetString(e, "type") == "work").ToList();
        Expect(work.Count == 1 && ScimJson.GetString(work[0], "value") == newEmail, $"one work email, now \"{newEmail}\"", context.Client.Last);
        Expect(ScimJson.GetString(read, "name.familyName") == "updatedFamilyName", "name.familyName \"updatedFamilyName\"", context.Client.Last);
        Expect(ScimJson.GetString(read, "name.givenName") == "givenName", "name.givenName unchanged", context.Client.Last);
    }

    private static async Task PatchSingleValued(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "single"));
        var id = (string)user["id"]!;
        var newName = context.UserName("renamed");
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("Replace", "userName", newName)));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetString(read, "userName") == newName, $"userName \"{newName}\"", context.Client.Last);
    }

    private static async Task PatchPathlessDotted(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "pathless"));
        var id = (string)user["id"]!;
        var newEmail = context.UserName("pathless-mail");
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("replace", null, new JObject
        {
            ["displayName"] = "Pvlo",
            ["emails[type eq \"work\"].value"] = newEmail,
            ["name.givenName"] = "Gtfd",
            ["name.familyName"] = "Pkqf",
            [$"{Urns.EnterpriseUser}:employeeNumber"] = "Eqpj",
        })));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        var last = context.Client.Last;
        Expect(ScimJson.GetString(read, "displayName") == "Pvlo", "displayName \"Pvlo\"", last);
        Expect(ScimJson.GetString(read, "name.givenName") == "Gtfd" && ScimJson.GetString(read, "name.familyName") == "Pkqf", "name.givenName \"Gtfd\" and name.familyName \"Pkqf\"", last);
        Expect(ScimJson.GetArray(read, "emails").Any(e => ScimJson.GetString(e, "type") == "work" && ScimJson.GetString(e, "value") == newEmail), $"the work email \"{newEmail}\"", last);
        Expect(ScimJson.GetString(read, $"{Urns.EnterpriseUser}:employeeNumber") == "Eqpj", "the enterprise employeeNumber \"Eqpj\"", last);
        Expect(read.Properties().All(p => !p.Name.Contains('.', StringComparison.Ordinal) || p.Name.StartsWith("urn:", StringComparison.Ordinal)),
            "no attribute stored under a dotted key", last);
    }

    private static async Task PatchActiveString(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "strbool"));
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("Replace", "active", "False")));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetBoolean(read, "active") == false, "active false (a JSON boolean)", context.Client.Last);
    }

    private static async Task PatchManager(ScenarioContext context)
    {
        var manager = await context.CreateAsync("/Users", EntraUser(context, "manager"));
        var user = await context.CreateAsync("/Users", EntraUser(context, "report"));
        var id = (string)user["id"]!;
        var managerId = (string)manager["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("Add", $"{Urns.EnterpriseUser}:manager", managerId)));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetString(read, $"{Urns.EnterpriseUser}:manager.value") == managerId, $"the enterprise manager.value \"{managerId}\"", context.Client.Last);
    }

    private static async Task SoftDelete(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "soft"));
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("Replace", "active", false)));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetBoolean(read, "active") == false, "the user still exists, with active false", context.Client.Last);
        var list = await context.ListAsync("/Users", $"userName eq \"{user["userName"]}\"");
        ExpectSingle(list, id);
    }

    private static async Task HardDelete(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "hard"));
        var id = (string)user["id"]!;
        var response = await context.Client.DeleteAsync($"/Users/{id}");
        ExpectStatus(response, 204);
        var read = await context.Client.GetAsync($"/Users/{id}");
        ExpectStatus(read, 404);
    }

    private static async Task DuplicateUserName(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "dup"));
        var again = EntraUser(context, "dup-again");
        again["userName"] = user["userName"];
        var response = await context.PostResourceAsync("/Users", again);
        ExpectError(response, 409, "uniqueness");
    }

    private static async Task UnknownId(ScenarioContext context)
    {
        var unknown = Guid.NewGuid().ToString();
        ExpectStatus(await context.Client.GetAsync($"/Users/{unknown}"), 404);
        ExpectStatus(await context.Client.GetAsync($"/Groups/{unknown}"), 404);
        if (context.Features.IsSupported(Feature.Patch) != false)
        {
            ExpectStatus(await context.Client.PatchAsync($"/Users/{unknown}", Patch(Op("Replace", "active", false))), 404);
        }

        ExpectStatus(await context.Client.DeleteAsync($"/Users/{unknown}"), 404);
    }

    /// <summary>
    /// The body of "Create Group" in the tutorial. Entra puts its own schema URN beside the core one; only
    /// <c>entra.group.create</c> sends it, so that a server refusing it fails there and not in every group scenario.
    /// </summary>
    private static JObject EntraGroup(ScenarioContext context, string label, bool withEntraSchema = false) => new()
    {
        ["schemas"] = withEntraSchema ? new JArray(Urns.Group, EntraGroupSchema) : new JArray(Urns.Group),
        ["externalId"] = Guid.NewGuid().ToString(),
        ["displayName"] = context.Name(label),
        ["meta"] = new JObject { ["resourceType"] = "Group" },
    };

    private static async Task CreateGroup(ScenarioContext context)
    {
        var body = EntraGroup(context, "group", withEntraSchema: true);
        var response = await context.PostResourceAsync("/Groups", body);
        ExpectStatus(response, 201);
        Expect(ScimJson.GetString(response.Body, "id") is { Length: > 0 }, "the created group has an id", response);
        Expect(ScimJson.GetString(response.Body, "displayName") == (string?)body["displayName"], "displayName as sent", response);
        Expect(ScimJson.GetString(response.Body, "meta.resourceType") == "Group", "meta.resourceType \"Group\"", response);
        Expect(response.Header("Location") is { Length: > 0 }, "a Location header (RFC 7644 §3.3)", response);
    }

    private static async Task GroupExcludedMembers(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", EntraUser(context, "member"));
        var group = EntraGroup(context, "group");
        group["members"] = Members((string)user["id"]!);
        var created = await context.CreateAsync("/Groups", group);
        var id = (string)created["id"]!;

        var read = await context.Client.GetAsync($"/Groups/{id}?excludedAttributes=members");
        ExpectStatus(read, 200);
        Expect(!ScimJson.Has(read.Body, "members"), "no members attribute", read);
        Expect(ScimJson.GetString(read.Body, "displayName") == (string?)group["displayName"] && ScimJson.GetString(read.Body, "id") == id, "the group's id and displayName", read);

        var list = await context.ListAsync("/Groups", $"displayName eq \"{group["displayName"]}\"", "excludedAttributes=members");
        ExpectSingle(list, id);
        Expect(!ScimJson.Has(ScimJson.GetArray(list.Body, "Resources")[0], "members"), "no members attribute in the listed group", list);
    }

    private static async Task GroupReplaceDisplayName(ScenarioContext context)
    {
        var group = await context.CreateAsync("/Groups", EntraGroup(context, "group"));
        var id = (string)group["id"]!;
        var newName = context.Name("renamed");
        ExpectStatus(await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("Replace", "displayName", newName))), 200, 204);
        var read = await context.ReadAsync($"/Groups/{id}");
        Expect(ScimJson.GetString(read, "displayName") == newName, $"displayName \"{newName}\"", context.Client.Last);
    }

    private static async Task GroupMembersAddRemove(ScenarioContext context)
    {
        var first = (string)(await context.CreateAsync("/Users", EntraUser(context, "first")))["id"]!;
        var second = (string)(await context.CreateAsync("/Users", EntraUser(context, "second")))["id"]!;
        var group = await context.CreateAsync("/Groups", EntraGroup(context, "group"));
        var id = (string)group["id"]!;

        var add = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("Add", "members", new JArray(
            new JObject { ["$ref"] = null, ["value"] = first },
            new JObject { ["$ref"] = null, ["value"] = second }))));
        ExpectStatus(add, 200, 204);
        var afterAdd = await context.ReadAsync($"/Groups/{id}");
        ExpectMembers(afterAdd, context.Client.Last, first, second);

        var remove = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("Remove", "members", new JArray(
            new JObject { ["$ref"] = null, ["value"] = first }))));
        ExpectStatus(remove, 200, 204);
        var afterRemove = await context.ReadAsync($"/Groups/{id}");
        ExpectMembers(afterRemove, context.Client.Last, second);
    }

    private static async Task DeleteGroup(ScenarioContext context)
    {
        var group = await context.CreateAsync("/Groups", EntraGroup(context, "group"));
        var id = (string)group["id"]!;
        ExpectStatus(await context.Client.DeleteAsync($"/Groups/{id}"), 204);
        ExpectStatus(await context.Client.GetAsync($"/Groups/{id}"), 404);
    }

    /// <summary>A list response with exactly the one resource.</summary>
    internal static void ExpectSingle(Exchange response, string id)
    {
        ExpectStatus(response, 200);
        Expect(ScimJson.GetArrayOfStrings(response.Body, "schemas").Contains(Urns.ListResponse), $"schemas [\"{Urns.ListResponse}\"]", response);
        Expect(ScimJson.Get(response.Body, "totalResults") is JValue { Type: JTokenType.Integer } total && (long)total == 1, "totalResults 1", response);
        Expect(ScimJson.ResourceIds(response.Body).SequenceEqual([id]), $"Resources holding only the resource {id}", response);
    }

    internal static void ExpectMembers(JObject group, Exchange? exchange, params string[] ids)
    {
        var members = ScimJson.GetArray(group, "members").Select(m => ScimJson.GetString(m, "value")).OrderBy(v => v, StringComparer.Ordinal).ToList();
        Expect(members.SequenceEqual(ids.Order(StringComparer.Ordinal)), ids.Length == 0 ? "no members" : $"exactly the members {string.Join(", ", ids)}", exchange);
    }
}
