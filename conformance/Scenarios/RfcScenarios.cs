using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Http;
using ScimServer.Conformance.Running;
using static ScimServer.Conformance.Running.ScenarioContext;
using static ScimServer.Conformance.Scenarios.Resources;

namespace ScimServer.Conformance.Scenarios;

/// <summary>
/// The MUSTs and SHALLs of RFC 7643 / RFC 7644 that a provisioning client relies on. Optional features are
/// checked only when <c>/ServiceProviderConfig</c> announces them.
/// </summary>
internal static class RfcScenarios
{
    public static IEnumerable<Scenario> All =>
    [
        New("rfc.discovery.service-provider-config", "/ServiceProviderConfig has the schema and every REQUIRED feature object", Sources.Rfc44("4") + "; " + Sources.Rfc43("5"), ServiceProviderConfig),
        New("rfc.discovery.resource-types", "/ResourceTypes is a ListResponse of resource types with name, endpoint and schema", Sources.Rfc44("4") + "; " + Sources.Rfc43("6"), ResourceTypes),
        New("rfc.discovery.schemas", "/Schemas is a ListResponse of schemas with id and attributes (name, type)", Sources.Rfc44("4") + "; " + Sources.Rfc43("7"), Schemas),
        New("rfc.filter.comparison", "Filter operators eq ne co sw ew pr, on userName and a sub-attribute", Sources.Rfc44("3.4.2.2"), FilterComparison, Feature.Filter),
        New("rfc.filter.ordering", "Filter operators gt ge lt le on a string (lexicographic)", Sources.Rfc44("3.4.2.2"), FilterOrdering, Feature.Filter),
        New("rfc.filter.logic", "and / or / not with precedence (and binds tighter than or) and grouping", Sources.Rfc44("3.4.2.2 (Table 4 precedence, Figure 1 grammar)"), FilterLogic, Feature.Filter),
        New("rfc.filter.value-path", "Value path emails[type eq \"work\" and value co \"…\"] matches both conditions on one value", Sources.Rfc44("3.4.2.2 (valuePath)"), FilterValuePath, Feature.Filter),
        New("rfc.filter.invalid", "An invalid filter is 400 with scimType invalidFilter", Sources.Rfc44("3.4.2.2, 3.12 Table 9"), FilterInvalid, Feature.Filter),
        New("rfc.paging", "startIndex/count pages, count=0 returns only totalResults, startIndex < 1 is read as 1", Sources.Rfc44("3.4.2.4"), Paging, Feature.Filter),
        New("rfc.sorting", "sortBy with ascending (default) and descending sortOrder", Sources.Rfc44("3.4.2.3"), Sorting, Feature.Sort, Feature.Filter),
        New("rfc.projection", "attributes / excludedAttributes; id always returned; password never returned", Sources.Rfc44("3.4.2.5, 3.9") + "; " + Sources.Rfc43("2.2, 4.1.1"), Projection),
        New("rfc.patch.atomic", "A PATCH with one failing operation changes nothing", Sources.Rfc44("3.5.2 (\"the entire PATCH request\" is atomic)"), PatchAtomic, Feature.Patch),
        New("rfc.patch.no-target", "replace on a value filter that matches nothing is 400 noTarget", Sources.Rfc44("3.5.2.3, 3.12 Table 9"), PatchNoTarget, Feature.Patch),
        New("rfc.patch.mutability-id", "replace of the readOnly id is 400 mutability", Sources.Rfc44("3.5.2, 3.12 Table 9") + "; " + Sources.Rfc43("3.1 (id readOnly)"), PatchMutabilityId, Feature.Patch),
        New("rfc.bulk.bulkid", "Bulk: POST a user and a group whose member references it by bulkId", Sources.Rfc44("3.7, 3.7.2"), BulkWithBulkId, Feature.Bulk),
        New("rfc.etag", "ETag on GET; If-None-Match → 304; If-Match mismatch on PUT/DELETE → 412", Sources.Rfc44("3.14"), ETags, Feature.Etag),
        New("rfc.errors.body", "Error bodies for 400, 404, 409 (and 412): Error schema, status as a string", Sources.Rfc44("3.12"), ErrorBodies),
        New("rfc.errors.malformed-json", "Malformed JSON is 400 with scimType invalidSyntax", Sources.Rfc44("3.12 Table 9"), MalformedJson),
    ];

    private static Scenario New(string id, string title, string source, Func<ScenarioContext, Task> run, params Feature[] requires) =>
        new() { Id = id, Suite = Suite.Rfc, Title = title, Source = source, Run = run, Requires = requires };

    private static void ExpectListResponse(Exchange response)
    {
        ExpectStatus(response, 200);
        Expect(ScimJson.GetArrayOfStrings(response.Body, "schemas").Contains(Urns.ListResponse), $"schemas [\"{Urns.ListResponse}\"] (RFC 7644 §3.4.2)", response);
        Expect(ScimJson.Get(response.Body, "totalResults")?.Type == JTokenType.Integer, "totalResults, a number (REQUIRED)", response);
    }

    private static async Task ServiceProviderConfig(ScenarioContext context)
    {
        var response = await context.Client.GetAsync("/ServiceProviderConfig");
        ExpectStatus(response, 200);
        var config = response.Body;
        Expect(ScimJson.GetArrayOfStrings(config, "schemas").Contains(Urns.ServiceProviderConfig), $"schemas [\"{Urns.ServiceProviderConfig}\"]", response);
        foreach (var feature in new[] { "patch", "bulk", "filter", "changePassword", "sort", "etag" })
        {
            Expect(ScimJson.Get(config, feature + ".supported")?.Type == JTokenType.Boolean, $"{feature}.supported, a boolean (REQUIRED)", response);
        }

        Expect(ScimJson.Get(config, "bulk.maxOperations")?.Type == JTokenType.Integer && ScimJson.Get(config, "bulk.maxPayloadSize")?.Type == JTokenType.Integer,
            "bulk.maxOperations and bulk.maxPayloadSize, integers (REQUIRED)", response);
        Expect(ScimJson.Get(config, "filter.maxResults")?.Type == JTokenType.Integer, "filter.maxResults, an integer (REQUIRED)", response);
        Expect(ScimJson.Get(config, "authenticationSchemes") is JArray, "authenticationSchemes, an array (REQUIRED)", response);
        Expect(ScimJson.GetArray(config, "authenticationSchemes").All(s => ScimJson.Has(s, "type") && ScimJson.Has(s, "name") && ScimJson.Has(s, "description")),
            "each authentication scheme with type, name and description", response);
    }

    private static async Task ResourceTypes(ScenarioContext context)
    {
        var response = await context.Client.GetAsync("/ResourceTypes");
        ExpectListResponse(response);
        var types = ScimJson.GetArray(response.Body, "Resources");
        Expect(types.Count > 0, "at least one resource type", response);
        Expect(types.All(t => ScimJson.GetArrayOfStrings(t, "schemas").Contains(Urns.ResourceType)), $"each with schemas [\"{Urns.ResourceType}\"]", response);
        Expect(types.All(t => ScimJson.Has(t, "name") && ScimJson.Has(t, "endpoint") && ScimJson.Has(t, "schema")), "each with name, endpoint and schema (REQUIRED)", response);
        Expect(types.Any(t => ScimJson.GetString(t, "schema") == Urns.User), $"a resource type whose schema is \"{Urns.User}\" (the one every identity provider uses)", response);
    }

    private static async Task Schemas(ScenarioContext context)
    {
        var response = await context.Client.GetAsync("/Schemas");
        ExpectListResponse(response);
        var schemas = ScimJson.GetArray(response.Body, "Resources");
        Expect(schemas.Any(s => ScimJson.GetString(s, "id") == Urns.User), $"the schema \"{Urns.User}\"", response);
        Expect(schemas.All(s => ScimJson.Has(s, "id") && ScimJson.Get(s, "attributes") is JArray), "each schema with id and attributes", response);
        Expect(schemas.SelectMany(s => ScimJson.GetArray(s, "attributes")).All(a => ScimJson.Has(a, "name") && ScimJson.Has(a, "type")), "each attribute with name and type", response);
    }

    /// <summary>
    /// Three users whose userNames sort alpha &lt; beta &lt; gamma, all starting with the scenario's prefix, so
    /// every filter can be scoped with <c>userName sw prefix</c> and never matches anyone else's data.
    /// </summary>
    private static async Task<(string Alpha, string Beta, string Gamma, Dictionary<string, string> Ids)> ThreeUsersAsync(ScenarioContext context)
    {
        var ids = new Dictionary<string, string>();
        var alpha = await context.CreateUserAsync("alpha", u =>
        {
            u["title"] = "Engineer";
            u["name"] = new JObject { ["familyName"] = context.Prefix + "Lovelace", ["givenName"] = "Ada" };
            u["emails"] = new JArray(new JObject { ["type"] = "work", ["value"] = $"{context.Name("alpha")}@work.example" });
        });
        var beta = await context.CreateUserAsync("beta", u =>
        {
            u["title"] = "Manager";
            u["emails"] = new JArray(new JObject { ["type"] = "home", ["value"] = $"{context.Name("beta")}@work.example" });
        });
        var gamma = await context.CreateUserAsync("gamma");
        foreach (var user in new[] { alpha, beta, gamma })
        {
            ids[(string)user["userName"]!] = (string)user["id"]!;
        }

        return ((string)alpha["userName"]!, (string)beta["userName"]!, (string)gamma["userName"]!, ids);
    }

    private static async Task ExpectFilterAsync(ScenarioContext context, string filter, Dictionary<string, string> ids, params string[] expectedUserNames)
    {
        var response = await context.ListAsync("/Users", filter, "count=50");
        ExpectListResponse(response);
        var found = ScimJson.ResourceIds(response.Body).Order(StringComparer.Ordinal).ToList();
        var expected = expectedUserNames.Select(n => ids[n]).Order(StringComparer.Ordinal).ToList();
        var names = expectedUserNames.Length == 0 ? "no user" : string.Join(", ", expectedUserNames);
        Expect(found.SequenceEqual(expected), $"filter={filter} matches exactly: {names}", response);
        Expect((long)ScimJson.Get(response.Body, "totalResults")! == expected.Count, $"totalResults {expected.Count}", response);
    }

    private static async Task FilterComparison(ScenarioContext context)
    {
        var (alpha, beta, gamma, ids) = await ThreeUsersAsync(context);
        var scope = $"userName sw \"{context.Prefix}\"";
        await ExpectFilterAsync(context, scope, ids, alpha, beta, gamma);
        await ExpectFilterAsync(context, $"userName eq \"{beta}\"", ids, beta);
        await ExpectFilterAsync(context, $"userName eq \"{beta.ToUpperInvariant()}\"", ids, beta); // userName is caseExact false (RFC 7643 §4.1.1)
        await ExpectFilterAsync(context, $"{scope} and userName ne \"{beta}\"", ids, alpha, gamma);
        await ExpectFilterAsync(context, $"{scope} and userName co \"-gamma@\"", ids, gamma);
        await ExpectFilterAsync(context, $"{scope} and userName ew \"-alpha@conformance.example\"", ids, alpha);
        await ExpectFilterAsync(context, $"{scope} and title pr", ids, alpha, beta);
        await ExpectFilterAsync(context, $"{scope} and name.familyName eq \"{context.Prefix}Lovelace\"", ids, alpha);

        // title, like userName, is caseExact false (RFC 7643 §4.1.1), so eq ignores case.
        await ExpectFilterAsync(context, $"{scope} and title eq \"engineer\"", ids, alpha);
    }

    private static async Task FilterOrdering(ScenarioContext context)
    {
        var (alpha, beta, gamma, ids) = await ThreeUsersAsync(context);
        var scope = $"userName sw \"{context.Prefix}\"";
        await ExpectFilterAsync(context, $"{scope} and userName gt \"{beta}\"", ids, gamma);
        await ExpectFilterAsync(context, $"{scope} and userName ge \"{beta}\"", ids, beta, gamma);
        await ExpectFilterAsync(context, $"{scope} and userName lt \"{beta}\"", ids, alpha);
        await ExpectFilterAsync(context, $"{scope} and userName le \"{beta}\"", ids, alpha, beta);
    }

    private static async Task FilterLogic(ScenarioContext context)
    {
        var (alpha, beta, gamma, ids) = await ThreeUsersAsync(context);
        var scope = $"userName sw \"{context.Prefix}\"";

        // "and" binds tighter than "or": gamma or (beta and false) is gamma; read left to right it would be nobody.
        await ExpectFilterAsync(context, $"userName eq \"{gamma}\" or userName eq \"{beta}\" and title eq \"{context.Name("none")}\"", ids, gamma);
        await ExpectFilterAsync(context, $"{scope} and (userName eq \"{alpha}\" or userName eq \"{gamma}\")", ids, alpha, gamma);
        await ExpectFilterAsync(context, $"{scope} and not (userName eq \"{alpha}\")", ids, beta, gamma);
        await ExpectFilterAsync(context, $"{scope} and not (title pr) or userName eq \"{alpha}\"", ids, alpha, gamma);
    }

    private static async Task FilterValuePath(ScenarioContext context)
    {
        var (alpha, beta, _, ids) = await ThreeUsersAsync(context);
        var scope = $"userName sw \"{context.Prefix}\"";

        // beta has an email "…@work.example" too, but of type "home": both conditions must hold for one value.
        await ExpectFilterAsync(context, $"{scope} and emails[type eq \"work\" and value co \"@work.example\"]", ids, alpha);
        await ExpectFilterAsync(context, $"{scope} and emails[type eq \"home\"]", ids, beta);
        await ExpectFilterAsync(context, $"{scope} and emails.type eq \"work\"", ids, alpha);
    }

    private static async Task FilterInvalid(ScenarioContext context)
    {
        ExpectError(await context.ListAsync("/Users", "userName eq"), 400, "invalidFilter");
        ExpectError(await context.ListAsync("/Users", "userName xx \"a\""), 400, "invalidFilter");
        ExpectError(await context.ListAsync("/Users", "(userName eq \"a\""), 400, "invalidFilter");
    }

    private static async Task Paging(ScenarioContext context)
    {
        var (_, _, _, ids) = await ThreeUsersAsync(context);
        var filter = $"userName sw \"{context.Prefix}\"";

        var first = await context.ListAsync("/Users", filter, "startIndex=1&count=2");
        ExpectListResponse(first);
        Expect((long)ScimJson.Get(first.Body, "totalResults")! == 3, "totalResults 3 (all matches, not the page)", first);
        Expect(ScimJson.GetArray(first.Body, "Resources").Count == 2, "2 Resources for count=2", first);
        Expect(ScimJson.Get(first.Body, "itemsPerPage") is JValue { Type: JTokenType.Integer } items && (long)items == 2, "itemsPerPage 2", first);
        Expect(ScimJson.Get(first.Body, "startIndex") is JValue { Type: JTokenType.Integer } start && (long)start == 1, "startIndex 1", first);

        var last = await context.ListAsync("/Users", filter, "startIndex=3&count=2");
        ExpectListResponse(last);
        Expect(ScimJson.GetArray(last.Body, "Resources").Count == 1, "1 Resource from startIndex=3", last);
        Expect(ScimJson.Get(last.Body, "startIndex") is JValue { Type: JTokenType.Integer } lastStart && (long)lastStart == 3, "startIndex 3", last);
        Expect(ids.ContainsValue(ScimJson.ResourceIds(last.Body)[0]), "one of this scenario's users", last);

        var none = await context.ListAsync("/Users", filter, "count=0");
        ExpectListResponse(none);
        Expect((long)ScimJson.Get(none.Body, "totalResults")! == 3, "totalResults 3 with count=0", none);
        Expect(ScimJson.GetArray(none.Body, "Resources").Count == 0, "no Resources with count=0 (\"no resource results are to be returned except for totalResults\")", none);

        var below = await context.ListAsync("/Users", filter, "startIndex=0&count=10");
        ExpectListResponse(below);
        Expect(ScimJson.GetArray(below.Body, "Resources").Count == 3, "startIndex=0 read as 1 (\"a value less than 1 SHALL be interpreted as 1\"): all 3", below);
    }

    private static async Task Sorting(ScenarioContext context)
    {
        var (alpha, beta, gamma, ids) = await ThreeUsersAsync(context);
        var filter = $"userName sw \"{context.Prefix}\"";
        var ascending = await context.ListAsync("/Users", filter, "sortBy=userName");
        ExpectListResponse(ascending);
        Expect(ScimJson.ResourceIds(ascending.Body).SequenceEqual([ids[alpha], ids[beta], ids[gamma]]), "alpha, beta, gamma (sortOrder defaults to ascending)", ascending);
        var descending = await context.ListAsync("/Users", filter, "sortBy=userName&sortOrder=descending");
        ExpectListResponse(descending);
        Expect(ScimJson.ResourceIds(descending.Body).SequenceEqual([ids[gamma], ids[beta], ids[alpha]]), "gamma, beta, alpha", descending);
    }

    private static async Task Projection(ScenarioContext context)
    {
        var body = User(context.UserName("projected"));
        body["title"] = "Engineer";
        body["name"] = new JObject { ["givenName"] = "Ada", ["familyName"] = "Lovelace" };
        body["password"] = "t1meMachine!" + Guid.NewGuid().ToString("N")[..8];
        var created = await context.PostResourceAsync("/Users", body);
        ExpectStatus(created, 201);
        Expect(!ScimJson.Has(created.Body, "password"), "no password in the POST response (returned: never)", created);
        var id = ScimJson.GetString(created.Body, "id")!;

        var full = await context.Client.GetAsync($"/Users/{id}");
        ExpectStatus(full, 200);
        Expect(!ScimJson.Has(full.Body, "password"), "no password in GET", full);

        var only = await context.Client.GetAsync($"/Users/{id}?attributes=userName");
        ExpectStatus(only, 200);
        Expect(ScimJson.GetString(only.Body, "id") == id, "id (returned: always) with attributes=userName", only);
        Expect(ScimJson.GetString(only.Body, "userName") == (string?)body["userName"], "userName with attributes=userName", only);
        Expect(!ScimJson.Has(only.Body, "title") && !ScimJson.Has(only.Body, "name"), "no title and no name with attributes=userName", only);

        var sub = await context.Client.GetAsync($"/Users/{id}?attributes=name.givenName");
        ExpectStatus(sub, 200);
        Expect(ScimJson.GetString(sub.Body, "name.givenName") == "Ada" && !ScimJson.Has(sub.Body, "name.familyName"), "only name.givenName of name with attributes=name.givenName", sub);

        var excluded = await context.Client.GetAsync($"/Users/{id}?excludedAttributes=title,name");
        ExpectStatus(excluded, 200);
        Expect(!ScimJson.Has(excluded.Body, "title") && !ScimJson.Has(excluded.Body, "name"), "no title and no name with excludedAttributes=title,name", excluded);
        Expect(ScimJson.GetString(excluded.Body, "userName") == (string?)body["userName"] && ScimJson.GetString(excluded.Body, "id") == id, "id and userName still there", excluded);

        var idExcluded = await context.Client.GetAsync($"/Users/{id}?excludedAttributes=id");
        ExpectStatus(idExcluded, 200);
        Expect(ScimJson.GetString(idExcluded.Body, "id") == id, "id even with excludedAttributes=id (returned: always)", idExcluded);

        var list = await context.ListAsync("/Users", $"userName eq \"{body["userName"]}\"", "attributes=userName,password");
        ExpectStatus(list, 200);
        Expect(ScimJson.GetArray(list.Body, "Resources").All(r => !ScimJson.Has(r, "password")), "no password in a list, even when asked for", list);
    }

    private static async Task PatchAtomic(ScenarioContext context)
    {
        var user = await context.CreateUserAsync("atomic", u => u["title"] = "Before");
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(
            Op("replace", "title", "After"),
            Op("replace", "displayName", "Changed"),
            Op("replace", "id", Guid.NewGuid().ToString())));
        Expect(response.StatusCode == 400, "HTTP 400 for the last operation (a readOnly id, RFC 7644 §3.5.2)", response);
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetString(read, "title") == "Before" && !ScimJson.Has(read, "displayName"), "title still \"Before\" and no displayName: nothing of the request applied", context.Client.Last);
    }

    private static async Task PatchNoTarget(ScenarioContext context)
    {
        var user = await context.CreateUserAsync("notarget", u => u["emails"] = new JArray(new JObject { ["type"] = "work", ["value"] = $"{context.Name("nt")}@work.example" }));
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("replace", "emails[type eq \"nonexistent\"].value", "nobody@example.test")));
        ExpectError(response, 400, "noTarget");
        var read = await context.ReadAsync($"/Users/{id}");
        Expect(ScimJson.GetArray(read, "emails").Count == 1, "the one email unchanged", context.Client.Last);
    }

    private static async Task PatchMutabilityId(ScenarioContext context)
    {
        var user = await context.CreateUserAsync("mutability");
        var id = (string)user["id"]!;
        var response = await context.Client.PatchAsync($"/Users/{id}", Patch(Op("replace", "id", Guid.NewGuid().ToString())));
        ExpectError(response, 400, "mutability");
        ExpectStatus(await context.Client.GetAsync($"/Users/{id}"), 200);
    }

    private static async Task BulkWithBulkId(ScenarioContext context)
    {
        var userName = context.UserName("bulk");
        var displayName = context.Name("bulk-group");
        var request = new JObject
        {
            ["schemas"] = new JArray(Urns.BulkRequest),
            ["Operations"] = new JArray(
                new JObject { ["method"] = "POST", ["path"] = "/Users", ["bulkId"] = "u1", ["data"] = User(userName) },
                new JObject
                {
                    ["method"] = "POST",
                    ["path"] = "/Groups",
                    ["bulkId"] = "g1",
                    ["data"] = new JObject
                    {
                        ["schemas"] = new JArray(Urns.Group),
                        ["displayName"] = displayName,
                        ["members"] = new JArray(new JObject { ["type"] = "User", ["value"] = "bulkId:u1" }),
                    },
                }),
        };
        var response = await context.Client.PostAsync("/Bulk", request);

        // Track what was created before judging, so the clean-up finds it whatever the verdict.
        var operations = ScimJson.GetArray(response.Body, "Operations");
        var userId = await TrackCreatedAsync(context, "/Users", $"userName eq \"{userName}\"");
        var groupId = await TrackCreatedAsync(context, "/Groups", $"displayName eq \"{displayName}\"");

        ExpectStatus(response, 200);
        Expect(ScimJson.GetArrayOfStrings(response.Body, "schemas").Contains(Urns.BulkResponse), $"schemas [\"{Urns.BulkResponse}\"]", response);
        Expect(operations.Count == 2, "two operation responses", response);
        foreach (var (bulkId, endpoint) in new[] { ("u1", "/Users/"), ("g1", "/Groups/") })
        {
            var operation = operations.FirstOrDefault(o => ScimJson.GetString(o, "bulkId") == bulkId);
            Expect(operation is not null, $"an operation response with bulkId \"{bulkId}\"", response);
            Expect(ScimJson.GetString(operation, "status") is { } status && status.StartsWith("201", StringComparison.Ordinal), $"bulkId \"{bulkId}\": status \"201\"", response);
            Expect(ScimJson.GetString(operation, "location") is { } location && location.Contains(endpoint, StringComparison.Ordinal), $"bulkId \"{bulkId}\": a location under {endpoint}", response);
        }

        Expect(userId is not null && groupId is not null, "the user and the group exist afterwards", context.Client.Last);
        var group = await context.ReadAsync($"/Groups/{groupId}");
        EntraScenarios.ExpectMembers(group, context.Client.Last, userId!);
    }

    private static async Task<string?> TrackCreatedAsync(ScenarioContext context, string endpoint, string filter)
    {
        var found = await context.ListAsync(endpoint, filter);
        var ids = found.StatusCode == 200 ? ScimJson.ResourceIds(found.Body) : [];
        foreach (var id in ids)
        {
            context.Track(endpoint, id);
        }

        return ids.Count == 1 ? ids[0] : null;
    }

    private static async Task ETags(ScenarioContext context)
    {
        var user = await context.CreateUserAsync("etag");
        var id = (string)user["id"]!;
        var read = await context.Client.GetAsync($"/Users/{id}");
        ExpectStatus(read, 200);
        var etag = read.Header("ETag");
        Expect(etag is { Length: > 0 }, "an ETag header on GET (RFC 7644 §3.14: the server SHALL return the ETag)", read);

        var notModified = await context.Client.GetAsync($"/Users/{id}", new Dictionary<string, string> { ["If-None-Match"] = etag! });
        ExpectStatus(notModified, 304);

        var stale = new Dictionary<string, string> { ["If-Match"] = "W/\"conformance-stale-version\"" };
        var replacement = User((string)user["userName"]!);
        replacement["title"] = "Changed";
        var put = await context.Client.PutAsync($"/Users/{id}", replacement, stale);
        ExpectError(put, 412);
        var delete = await context.Client.DeleteAsync($"/Users/{id}", stale);
        ExpectError(delete, 412);
        var after = await context.ReadAsync($"/Users/{id}");
        Expect(!ScimJson.Has(after, "title"), "the user unchanged after the refused PUT and DELETE", context.Client.Last);

        var current = new Dictionary<string, string> { ["If-Match"] = etag! };
        var matching = await context.Client.PutAsync($"/Users/{id}", replacement, current);
        ExpectStatus(matching, 200);
        Expect(matching.Header("ETag") is { Length: > 0 } newTag && newTag != etag, "a new ETag after the change", matching);
    }

    private static async Task ErrorBodies(ScenarioContext context)
    {
        ExpectError(await context.ListAsync("/Users", "userName eq"), 400);
        ExpectError(await context.Client.GetAsync($"/Users/{Guid.NewGuid()}"), 404);
        var user = await context.CreateUserAsync("errors");
        ExpectError(await context.PostResourceAsync("/Users", User((string)user["userName"]!)), 409, "uniqueness");
        if (context.Features.IsSupported(Feature.Etag) != false)
        {
            var stale = new Dictionary<string, string> { ["If-Match"] = "W/\"conformance-stale-version\"" };
            ExpectError(await context.Client.PutAsync($"/Users/{user["id"]}", User((string)user["userName"]!), stale), 412);
        }
    }

    private static async Task MalformedJson(ScenarioContext context)
    {
        var response = await context.Client.SendAsync(HttpMethod.Post, "/Users", $"{{\"schemas\": [\"{Urns.User}\"], \"userName\": \"{context.UserName("broken")}\",");
        if (response.StatusCode == 201 && ScimJson.GetString(response.Body, "id") is { } id)
        {
            context.Track("/Users", id);
        }

        ExpectError(response, 400, "invalidSyntax");
    }
}
