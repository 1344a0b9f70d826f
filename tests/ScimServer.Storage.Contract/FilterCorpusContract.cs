using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// Every filter of <see cref="FilterCorpus"/> on the same six users, bound by the real binder: each store must find
/// exactly the expected users (and count them), so the stores give one answer to every filter.
/// </summary>
public abstract class FilterCorpusContract : ResourceStoreContractBase
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_filter_of_the_corpus_finds_exactly_the_expected_users(string filter, string expected)
    {
        var tenant = NewTenant();
        await SeedAsync(tenant);
        await SeedAsync(NewTenant());

        var page = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User(filter), Limit = 100 });

        page.Resources.Select(r => (string)r.Document["userName"]!).Should().BeEquivalentTo(expected.Split(',', StringSplitOptions.RemoveEmptyEntries));
        page.TotalResults.Should().Be(page.Resources.Count);
    }

    public static TheoryData<string, string> Cases => FilterCorpus.Cases;

    /// <summary>The users of the HTTP filter tests as the service stores them (extensions under their alias, roles filled in).</summary>
    private async Task SeedAsync(string tenant)
    {
        await Store.CreateAsync(User(tenant, "alice@x.org", $$"""
            { "schemas": ["{{UserSchemaUrn}}", "{{Enterprise}}", "{{Access}}"],
              "name": { "givenName": "Alice", "familyName": "O'Malley" }, "title": "Engineer", "userType": "Employee", "roles": [ { "value": "Developer" } ],
              "active": true, "emails": [ { "value": "alice@example.com", "type": "work", "primary": true }, { "value": "alice@home.net", "type": "home" } ],
              "ext": { "enterprise": { "department": "Engineering", "employeeNumber": "100", "manager": { "value": "mgr-1", "$ref": "https://x.example/Users/mgr-1" } },
                       "access": { "roles": ["Analyst", "Developer"] } } }
            """, externalId: "E-1"));
        await Store.CreateAsync(User(tenant, "Bob@X.org", $$"""
            { "schemas": ["{{UserSchemaUrn}}", "{{Enterprise}}"],
              "name": { "givenName": "Bob", "familyName": "Smith" }, "userType": "Intern", "active": false,
              "emails": [ { "value": "bob@example.org", "type": "work" } ],
              "ext": { "enterprise": { "department": "Sales", "manager": { "value": "mgr-1", "$ref": "https://X.example/users/MGR-1b" } },
                       "access": { "roles": ["Analyst"] } } }
            """, externalId: "E-2"));
        await Store.CreateAsync(User(tenant, "carol@example.com", $$"""
            { "schemas": ["{{UserSchemaUrn}}", "{{Access}}"],
              "name": { "givenName": "Carol", "familyName": "Jensen" }, "title": "", "userType": "Employee", "active": true,
              "emails": [ { "value": "carol@example.com", "type": "home" } ],
              "ext": { "access": { "roles": ["TenantAdmin"] } } }
            """, externalId: "e-3"));
        await Store.CreateAsync(User(tenant, "dave@example.org", """
            { "displayName": "Dave", "name": { "givenName": "Dave", "familyName": "jensen" }, "title": "Manager", "active": true,
              "ext": { "access": { "roles": ["Analyst"] } } }
            """));
        await Store.CreateAsync(User(tenant, "eve@x.org", $$"""
            { "schemas": ["{{UserSchemaUrn}}", "{{Enterprise}}"], "userType": "Contractor",
              "emails": [ { "value": "eve@example.com", "type": "work", "primary": true } ],
              "ext": { "enterprise": { "department": "engineering", "manager": { "value": "mgr-2" } }, "access": { "roles": ["Analyst"] } } }
            """));
        await Store.CreateAsync(User(tenant, "frank@example.org", """
            { "active": true, "nickName": "Franky", "displayName": "Émile", "name": { "familyName": "ÉMILE" },
              "ims": [ { "value": "frank@foo.com", "type": "xmpp" } ], "ext": { "access": { "roles": ["Analyst"] } } }
            """));
    }
}
