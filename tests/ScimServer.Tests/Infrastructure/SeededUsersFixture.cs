using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>
/// A server with a known, read-only set of users for filter, sort and paging tests. Tests only read from it.
/// </summary>
public sealed class SeededUsersFixture : IAsyncLifetime
{
    private readonly ScimServerFactory _factory = new();

    public ScimClient Client { get; private set; } = null!;

    public Dictionary<string, string> IdsByUserName { get; } = new(StringComparer.Ordinal);

    public string CreatedBetween { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Client = _factory.CreateScimClient();
        foreach (var user in SeedUsers())
        {
            var response = await Client.PostAsync("/Users", user);
            response.Status.Should().Be(System.Net.HttpStatusCode.Created, response.RawBody);
            IdsByUserName[(string)user["userName"]!] = response.Id;
            if ((string?)user["userName"] == "dave@example.org")
            {
                // Users created after this instant: eve and later.
                await Task.Delay(20);
                CreatedBetween = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay(20);
            }
        }
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private static IEnumerable<JObject> SeedUsers()
    {
        const string Core = Users.CoreSchema;
        const string Enterprise = Users.EnterpriseSchema;
        const string Access = Users.AccessSchema;
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}", "{{Enterprise}}", "{{Access}}"], "userName": "alice@x.org", "externalId": "E-1",
              "name": { "givenName": "Alice", "familyName": "O'Malley" }, "title": "Engineer", "userType": "Employee",
              "active": true, "emails": [ { "value": "alice@example.com", "type": "work", "primary": true }, { "value": "alice@home.net", "type": "home" } ],
              "{{Enterprise}}": { "department": "Engineering", "employeeNumber": "100", "manager": { "value": "mgr-1" } },
              "{{Access}}": { "roles": ["Analyst", "Developer"] } }
            """);
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}", "{{Enterprise}}"], "userName": "Bob@X.org", "externalId": "E-2",
              "name": { "givenName": "Bob", "familyName": "Smith" }, "userType": "Intern", "active": false,
              "emails": [ { "value": "bob@example.org", "type": "work" } ],
              "{{Enterprise}}": { "department": "Sales", "manager": { "value": "mgr-1" } } }
            """);
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}", "{{Access}}"], "userName": "carol@example.com", "externalId": "e-3",
              "name": { "givenName": "Carol", "familyName": "Jensen" }, "title": "", "userType": "Employee", "active": true,
              "emails": [ { "value": "carol@example.com", "type": "home" } ],
              "{{Access}}": { "roles": ["TenantAdmin"] } }
            """);
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}"], "userName": "dave@example.org", "displayName": "Dave",
              "name": { "givenName": "Dave", "familyName": "jensen" }, "title": "Manager", "active": true }
            """);
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}", "{{Enterprise}}"], "userName": "eve@x.org", "userType": "Contractor",
              "emails": [ { "value": "eve@example.com", "type": "work", "primary": true } ],
              "{{Enterprise}}": { "department": "engineering", "manager": { "value": "mgr-2" } } }
            """);
        yield return JObject.Parse($$"""
            { "schemas": ["{{Core}}"], "userName": "frank@example.org", "active": true, "nickName": "Franky",
              "ims": [ { "value": "frank@foo.com", "type": "xmpp" } ] }
            """);
    }
}
