using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Http;
using ScimServer.Conformance.Running;
using static ScimServer.Conformance.Running.ScenarioContext;
using static ScimServer.Conformance.Scenarios.Resources;

namespace ScimServer.Conformance.Scenarios;

/// <summary>
/// What Okta's SCIM 2.0 client sends and expects: request bodies from "Okta and SCIM Version 2.0" (SCIM User
/// operations, SCIM Group operations) and the list checks of Okta's SCIM spec tests; ids and names are this run's.
/// </summary>
internal static class OktaScenarios
{
    public static IEnumerable<Scenario> All =>
    [
        New("okta.users.list-shape", "GET /Users?count=2&startIndex=1 and ?startIndex=1&count=100: a ListResponse with totalResults, Resources, itemsPerPage, startIndex", Sources.OktaSpecTests + ", step \"Test API Credentials\"; " + Sources.Okta("Retrieve Users"), UsersListShape),
        New("okta.groups.list-shape", "GET /Groups?startIndex=1&count=100: a ListResponse", Sources.OktaSpecTests + "; " + Sources.Okta("Retrieve Groups"), GroupsListShape),
        New("okta.users.lookup", "filter=userName eq \"…\"&startIndex=1&count=100 finds the user, and nothing for an unknown userName", Sources.Okta("Create Users → Determine if the User object exists"), LookupByUserName),
        New("okta.users.create", "Create the User with Okta's body (password, groups []): 201 with id; the password is not returned", Sources.Okta("Create Users → Create the User") + "; " + Sources.Rfc44("3.3 (readOnly attributes in the request SHALL be ignored)") + "; " + Sources.Rfc43("4.1.1 (password returned never)"), CreateUser),
        New("okta.users.put", "Update a specific User (PUT) with the whole resource, id and meta included", Sources.Okta("Update a specific User (PUT)") + "; " + Sources.Rfc44("3.5.1"), PutWholeUser),
        New("okta.users.deactivate", "Deactivate with PATCH {\"op\":\"replace\",\"value\":{\"active\":false}}", Sources.Okta("Update a specific User (PATCH) / Deactivate Users"), Deactivate, Feature.Patch),
        New("okta.groups.push", "Group push: POST group, PATCH add members, path-less replace {id, displayName}, remove members[value eq], replace members []", Sources.Okta("Create Groups; Update a specific Group name; Update specific Group membership") + "; " + Sources.Rfc44("3.5.2.3"), GroupPush, Feature.Patch),
    ];

    private static Scenario New(string id, string title, string source, Func<ScenarioContext, Task> run, params Feature[] requires) =>
        new() { Id = id, Suite = Suite.Okta, Title = title, Source = source, Run = run, Requires = requires };

    /// <summary>
    /// The body of "Create the User" in Okta's reference. It carries the readOnly <c>groups</c> (RFC 7644 §3.3: SHALL
    /// be ignored); only <c>okta.users.create</c> sends it, so that a server refusing it fails there and not in every
    /// scenario that merely needs a user.
    /// </summary>
    private static JObject OktaUser(ScenarioContext context, string label, bool withGroups = false)
    {
        var userName = context.UserName(label);
        var user = new JObject
        {
            ["schemas"] = new JArray(Urns.User),
            ["userName"] = userName,
            ["name"] = new JObject { ["givenName"] = "Test", ["familyName"] = "User" },
            ["emails"] = new JArray(new JObject { ["primary"] = true, ["value"] = userName, ["type"] = "work" }),
            ["displayName"] = "Test User",
            ["locale"] = "en-US",
            ["externalId"] = "00u" + Guid.NewGuid().ToString("N")[..17],
            ["password"] = "1mz050nq",
            ["active"] = true,
        };
        if (withGroups)
        {
            user["groups"] = new JArray();
        }

        return user;
    }

    /// <summary>The ListResponse checks of Okta's spec tests (RFC 7644 §3.4.2).</summary>
    private static void ExpectListShape(Exchange response, int startIndex)
    {
        ExpectStatus(response, 200);
        Expect(ScimJson.GetArrayOfStrings(response.Body, "schemas").Contains(Urns.ListResponse), $"schemas [\"{Urns.ListResponse}\"]", response);
        Expect(ScimJson.Get(response.Body, "totalResults")?.Type == JTokenType.Integer, "totalResults, a number", response);
        Expect(ScimJson.Get(response.Body, "itemsPerPage")?.Type == JTokenType.Integer, "itemsPerPage, a number", response);
        Expect(ScimJson.Get(response.Body, "startIndex") is JValue { Type: JTokenType.Integer } index && (long)index == startIndex, $"startIndex {startIndex}", response);
        var total = (long)ScimJson.Get(response.Body, "totalResults")!;
        Expect(total == 0 || ScimJson.Get(response.Body, "Resources") is JArray { Count: > 0 }, "Resources, not empty when totalResults is not 0", response);
    }

    private static async Task UsersListShape(ScenarioContext context)
    {
        // Okta's credential test expects at least one user: this run's own.
        await context.CreateAsync("/Users", OktaUser(context, "listed"));
        var small = await context.Client.GetAsync("/Users?count=2&startIndex=1");
        ExpectListShape(small, 1);
        Expect(ScimJson.GetArray(small.Body, "Resources").Count is > 0 and <= 2, "one or two Resources for count=2", small);
        ExpectListShape(await context.Client.GetAsync("/Users?startIndex=1&count=100"), 1);
    }

    private static async Task GroupsListShape(ScenarioContext context)
    {
        await context.CreateAsync("/Groups", Group(context.Name("listed")));
        var response = await context.Client.GetAsync("/Groups?startIndex=1&count=100");
        ExpectListShape(response, 1);
    }

    private static async Task LookupByUserName(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", OktaUser(context, "lookup"));
        var found = await context.ListAsync("/Users", $"userName eq \"{user["userName"]}\"", "startIndex=1&count=100");
        ExpectListShape(found, 1);
        EntraScenarios.ExpectSingle(found, (string)user["id"]!);
        var missing = await context.ListAsync("/Users", $"userName eq \"{context.UserName("absent")}\"", "startIndex=1&count=100");
        ExpectListShape(missing, 1);
        Expect((long)ScimJson.Get(missing.Body, "totalResults")! == 0, "totalResults 0 for an unknown userName", missing);
    }

    private static async Task CreateUser(ScenarioContext context)
    {
        var body = OktaUser(context, "create", withGroups: true);
        var response = await context.PostResourceAsync("/Users", body);
        ExpectStatus(response, 201);
        Expect(ScimJson.GetString(response.Body, "id") is { Length: > 0 }, "an id", response);
        Expect(ScimJson.GetString(response.Body, "userName") == (string?)body["userName"], "userName as sent", response);
        Expect(!ScimJson.Has(response.Body, "password"), "no password in the response (returned: never)", response);
        Expect(ScimJson.GetBoolean(response.Body, "active") == true, "active true", response);
    }

    private static async Task PutWholeUser(ScenarioContext context)
    {
        var created = await context.CreateAsync("/Users", OktaUser(context, "put"));
        var id = (string)created["id"]!;

        // A pushed user is usually in a pushed group, so the user the server returns may carry its readOnly groups.
        var group = Group(context.Name("put-group"));
        group["members"] = Members(id);
        await context.CreateAsync("/Groups", group);
        var current = await context.ReadAsync($"/Users/{id}");

        // Okta sends back what it holds: the whole user, id, meta (and groups) included, with the changed attributes.
        // RFC 7644 §3.5.1: readOnly values in a PUT "SHALL be ignored".
        var replacement = (JObject)current.DeepClone();
        replacement["name"] = new JObject { ["givenName"] = "Another", ["familyName"] = "User" };
        replacement["active"] = true;
        var response = await context.Client.PutAsync($"/Users/{id}", replacement);
        ExpectStatus(response, 200);
        Expect(ScimJson.GetString(response.Body, "id") == id, "the same id", response);
        Expect(ScimJson.GetString(response.Body, "name.givenName") == "Another", "name.givenName \"Another\"", response);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetString(read, "name.givenName") == "Another" && ScimJson.GetString(read, "userName") == (string?)created["userName"],
            "the stored user has the new name and the same userName", context.Client.Last);
    }

    private static async Task Deactivate(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", OktaUser(context, "deactivate"));
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("replace", null, new JObject { ["active"] = false })));
        ExpectStatus(response, 200, 204);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetBoolean(read, "active") == false, "active false", context.Client.Last);
    }

    private static async Task GroupPush(ScenarioContext context)
    {
        var user = await context.CreateAsync("/Users", OktaUser(context, "pushed"));
        var other = await context.CreateAsync("/Users", OktaUser(context, "pushed2"));
        var userId = (string)user["id"]!;
        var otherId = (string)other["id"]!;
        var displayName = context.Name("group");

        // Okta first looks the group up by name, then creates it with no members.
        var lookup = await context.ListAsync("/Groups", $"displayName eq \"{displayName}\"", "startIndex=1&count=100");
        ExpectListShape(lookup, 1);
        Expect((long)ScimJson.Get(lookup.Body, "totalResults")! == 0, "no group of that name yet", lookup);
        var groupBody = Group(displayName);
        groupBody["members"] = new JArray();
        var group = await context.CreateAsync("/Groups", groupBody);
        var id = (string)group["id"]!;

        var add = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("add", "members", new JArray(
            new JObject { ["value"] = userId, ["display"] = user["userName"] },
            new JObject { ["value"] = otherId, ["display"] = other["userName"] }))));
        ExpectStatus(add, 200, 204);
        EntraScenarios.ExpectMembers(await context.ReadAsync($"/Groups/{id}"), context.Client.Last, userId, otherId);

        var newName = context.Name("renamed");
        var rename = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("replace", null, new JObject { ["id"] = id, ["displayName"] = newName })));
        ExpectStatus(rename, 200, 204);
        var renamed = await context.ReadAsync($"/Groups/{id}");
        Expect(ScimJson.GetString(renamed, "displayName") == newName && ScimJson.GetString(renamed, "id") == id, $"displayName \"{newName}\", the same id", context.Client.Last);
        EntraScenarios.ExpectMembers(renamed, context.Client.Last, userId, otherId);

        var removeOne = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("remove", $"members[value eq \"{otherId}\"]", null)));
        ExpectStatus(removeOne, 200, 204);
        EntraScenarios.ExpectMembers(await context.ReadAsync($"/Groups/{id}"), context.Client.Last, userId);

        var clear = await context.Client.PatchAsync($"/Groups/{id}", Patch(Op("replace", "members", new JArray())));
        ExpectStatus(clear, 200, 204);
        EntraScenarios.ExpectMembers(await context.ReadAsync($"/Groups/{id}"), context.Client.Last);
    }
}
