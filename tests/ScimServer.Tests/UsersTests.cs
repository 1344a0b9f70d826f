using ScimServer.Testing;
using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

public sealed class UsersTests : IClassFixture<ScimServerFactory>
{
    private readonly ScimServerFactory _factory;
    private readonly ScimClient _client;

    public UsersTests(ScimServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateScimClient();
    }

    private static string NewUserName() => $"user-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Create_answers_201_with_location_etag_and_full_meta()
    {
        var userName = NewUserName();

        var response = await _client.PostAsync("/Users", Users.Minimal(userName));

        response.ShouldBe(HttpStatusCode.Created);
        var body = response.Body!;
        ((string?)body["userName"]).Should().Be(userName);
        response.Id.Should().NotBeNullOrEmpty();
        var meta = body["meta"]!;
        ((string?)meta["resourceType"]).Should().Be("User");
        ((string?)meta["created"]).Should().NotBeNullOrEmpty();
        ((string?)meta["lastModified"]).Should().Be((string?)meta["created"]);
        ((string?)meta["version"]).Should().Be("W/\"1\"");
        ((string?)meta["location"]).Should().EndWith($"/scim/v2/Users/{response.Id}");
        response.Location.Should().Be((string?)meta["location"]);
        response.ETag.Should().Be("W/\"1\"");
    }

    [Fact]
    public async Task Get_by_id_returns_the_user_and_its_etag()
    {
        var created = await _client.CreateUserAsync(NewUserName());

        var response = await _client.GetAsync($"/Users/{created.Id}");

        response.ShouldBe(HttpStatusCode.OK);
        response.Body.ShouldEqualJson(created.Body);
        response.ETag.Should().Be(created.ETag);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_404()
    {
        (await _client.GetAsync("/Users/does-not-exist")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Client_supplied_id_and_meta_are_ignored()
    {
        var user = Users.Minimal(NewUserName());
        user["id"] = "client-chosen";
        user["meta"] = new JObject { ["version"] = "W/\"99\"", ["created"] = "2001-01-01T00:00:00Z" };

        var response = await _client.PostAsync("/Users", user);

        response.ShouldBe(HttpStatusCode.Created);
        response.Id.Should().NotBe("client-chosen");
        ((string?)response.Body!["meta"]!["version"]).Should().Be("W/\"1\"");
        ((string?)response.Body["meta"]!["created"]).Should().NotStartWith("2001");
    }

    [Fact]
    public async Task Microsoft_Entra_IDs_create_request_round_trips_with_the_enterprise_extension()
    {
        // Body of "Create User" in Microsoft Entra ID's "Tutorial: develop and plan provisioning for a SCIM endpoint".
        var userName = NewUserName();
        var response = await _client.PostAsync("/Users", Users.EntraCreate(userName, "ext-" + Guid.NewGuid().ToString("N")));

        response.ShouldBe(HttpStatusCode.Created);
        var fetched = (await _client.GetAsync($"/Users/{response.Id}")).Body!;
        var enterprise = fetched[Users.EnterpriseSchema]!;
        ((string?)enterprise["department"]).Should().Be("Engineering");
        ((string?)enterprise["manager"]!["value"]).Should().Be("m-1");
        fetched["schemas"]!.Values<string>().Should().Equal(Users.CoreSchema, Users.EnterpriseSchema, Users.AccessSchema);
        ((string?)fetched["name"]!["givenName"]).Should().Be("Test");
        ((bool)fetched["emails"]![0]!["primary"]!).Should().BeTrue();
        fetched["roles"]!.Select(r => (string?)r["value"]).Should().Equal(["Analyst"], "a user with no role gets the tenant's default role");
    }

    [Fact]
    public async Task The_full_enterprise_user_of_RFC_7643_section_8_2_is_created_as_posted()
    {
        // RFC 7643 §8.2, "Full Enterprise User Extension Representation", verbatim (the certificate's line breaks are
        // the RFC's page layout). RFC 7644 §3.3: id, meta and the read-only groups are ignored; password is write-only.
        var body = JObject.Parse("""
            {
              "schemas":
                ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "701984",
              "userName": "bjensen@example.com",
              "name": {
                "formatted": "Ms. Barbara J Jensen, III",
                "familyName": "Jensen",
                "givenName": "Barbara",
                "middleName": "Jane",
                "honorificPrefix": "Ms.",
                "honorificSuffix": "III"
              },
              "displayName": "Babs Jensen",
              "nickName": "Babs",
              "profileUrl": "https://login.example.com/bjensen",
              "emails": [
                {
                  "value": "bjensen@example.com",
                  "type": "work",
                  "primary": true
                },
                {
                  "value": "babs@jensen.org",
                  "type": "home"
                }
              ],
              "addresses": [
                {
                  "streetAddress": "100 Universal City Plaza",
                  "locality": "Hollywood",
                  "region": "CA",
                  "postalCode": "91608",
                  "country": "USA",
                  "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA",
                  "type": "work",
                  "primary": true
                },
                {
                  "streetAddress": "456 Hollywood Blvd",
                  "locality": "Hollywood",
                  "region": "CA",
                  "postalCode": "91608",
                  "country": "USA",
                  "formatted": "456 Hollywood Blvd\nHollywood, CA 91608 USA",
                  "type": "home"
                 }
              ],
              "phoneNumbers": [
                {
                  "value": "555-555-5555",
                  "type": "work"
                },
                {
                  "value": "555-555-4444",
                  "type": "mobile"
                }
              ],
              "ims": [
                {
                  "value": "someaimhandle",
                  "type": "aim"
                }
              ],
              "photos": [
                {
                  "value":
                    "https://photos.example.com/profilephoto/72930000000Ccne/F",
                  "type": "photo"
                },
                {
                  "value":
                    "https://photos.example.com/profilephoto/72930000000Ccne/T",
                  "type": "thumbnail"
                }
              ],
              "userType": "Employee",
              "title": "Tour Guide",
              "preferredLanguage": "en-US",
              "locale": "en-US",
              "timezone": "America/Los_Angeles",
              "active":true,
              "password": "t1meMa$heen",
              "groups": [
                {
                  "value": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                  "$ref": "../Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
                  "display": "Tour Guides"
                },
                {
                  "value": "fc348aa8-3835-40eb-a20b-c726e15c55b5",
                  "$ref": "../Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5",
                  "display": "Employees"
                },
                {
                  "value": "71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
                  "$ref": "../Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
                  "display": "US Employees"
                }
              ],
              "x509Certificates": [
                {
                  "value":
                   "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC2V4YW1wbGUuY29tMRQwEgYDVQQDDAtleGFtcGxlLmNvbTAeFw0xMTEwMjIwNjI0MzFaFw0xMjEwMDQwNjI0MzFaMH8xCzAJBgNVBAYTAlVTMRMwEQYDVQQIDApDYWxpZm9ybmlhMRQwEgYDVQQKDAtleGFtcGxlLmNvbTEhMB8GA1UEAwwYTXMuIEJhcmJhcmEgSiBKZW5zZW4gSUlJMSIwIAYJKoZIhvcNAQkBFhNiamVuc2VuQGV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7Kr+Dcds/JQ5GwejJFcBIP682X3xpjis56AK02bc1FLgzdLI8auoR+cC9/Vrh5t66HkQIOdA4unHh0AaZ4xL5PhVbXIPMB5vAPKpzz5iPSi8xO8SL7I7SDhcBVJhqVqr3HgllEG6UClDdHO7nkLuwXq8HcISKkbT5WFTVfFZzidPl8HZ7DhXkZIRtJwBweq4bvm3hM1Os7UQH05ZS6cVDgweKNwdLLrT51ikSQG3DYrl+ft781UQRIqxgwqCfXEuDiinPh0kkvIi5jivVu1Z9QiwlYEdRbLJ4zJQBmDrSGTMYn4lRc2HgHO4DqB/bnMVorHB0CC6AV1QoFK4GPe1LwIDAQABo3sweTAJBgNVHRMEAjAAMCwGCWCGSAGG+EIBDQQfFh1PcGVuU1NMIEdlbmVyYXRlZCBDZXJ0aWZpY2F0ZTAdBgNVHQ4EFgQU8pD0U0vsZIsaA16lL8En8bx0F/gwHwYDVR0jBBgwFoAUdGeKitcaF7gnzsNwDx708kqaVt0wDQYJKoZIhvcNAQEFBQADgYEAA81SsFnOdYJtNg5Tcq+/ByEDrBgnusx0jloUhByPMEVkoMZ3J7j1ZgI8rAbOkNngX8+pKfTiDz1RC4+dx8oU6Za+4NJXUjlL5CvV6BEYb1+QAEJwitTVvxB/A67g42/vzgAtoRUeDov1+GFiBZ+GNF/cAYKcMtGcrs2i97ZkJMo="
                }
              ],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984",
                "costCenter": "4130",
                "organization": "Universal Studios",
                "division": "Theme Park",
                "department": "Tour Operations",
                "manager": {
                  "value": "26118915-6090-4610-87e4-49d8ca9f808d",
                  "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
                  "displayName": "John Smith"
                }
              },
              "meta": {
                "resourceType": "User",
                "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34Z",
                "version": "W/\"3694e05e9dff591\"",
                "location":
            "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
              }
            }
            """);

        var response = await _client.PostAsync("/Users", body);

        response.ShouldBe(HttpStatusCode.Created);
        var created = (await _client.GetAsync($"/Users/{response.Id}")).Body!;
        foreach (var property in body.Properties().Where(p => p.Name is not ("schemas" or "id" or "meta" or "groups" or "password")))
        {
            var expected = property.Value.DeepClone();
            if (property.Name == Users.EnterpriseSchema)
            {
                // The manager's displayName is read-only: the server's to fill, so the one sent is ignored.
                ((JObject)expected["manager"]!).Remove("displayName");
            }

            JToken.DeepEquals(created[property.Name], expected).Should().BeTrue($"'{property.Name}' comes back as sent, not as {created[property.Name]}");
        }

        ((bool)created["addresses"]![0]!["primary"]!).Should().BeTrue();
        created["groups"].Should().BeNull();
        created["password"].Should().BeNull();
    }

    [Fact]
    public async Task The_access_extension_round_trips()
    {
        var response = await _client.CreateUserAsync(NewUserName(), u =>
        {
            u["schemas"] = new JArray(Users.CoreSchema, Users.AccessSchema);
            u[Users.AccessSchema] = JObject.Parse("""
                { "roles": ["Analyst", "Developer"], "organizations": ["north", "south"], "primaryOrganization": "north",
                  "serviceAccount": { "enabled": false, "homeTenant": "default" }, "defaultPage": "Dashboard" }
                """);
        });

        var access = (await _client.GetAsync($"/Users/{response.Id}")).Body![Users.AccessSchema]!;
        access["roles"]!.Values<string>().Should().Equal("Analyst", "Developer");
        ((string?)access["primaryOrganization"]).Should().Be("north");
        ((string?)access["serviceAccount"]!["homeTenant"]).Should().Be("default");
    }

    [Fact]
    public async Task An_extension_sent_without_its_urn_in_schemas_is_accepted_and_declared()
    {
        var user = Users.Minimal(NewUserName());
        user[Users.EnterpriseSchema] = new JObject { ["department"] = "Sales" };

        var response = await _client.PostAsync("/Users", user);

        response.ShouldBe(HttpStatusCode.Created);
        response.Body!["schemas"]!.Values<string>().Should().Contain(Users.EnterpriseSchema);
    }

    [Fact]
    public async Task UserName_is_unique_per_tenant_ignoring_case()
    {
        var userName = NewUserName();
        await _client.CreateUserAsync(userName);

        var response = await _client.PostAsync("/Users", Users.Minimal(userName.ToUpperInvariant()));

        response.ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
        (await _client.GetAsync($"/Users?filter=userName eq \"{userName}\"")).TotalResults.Should().Be(1);
    }

    [Fact]
    public async Task Password_is_write_only_and_never_stored_in_clear()
    {
        const string Password = "Correct-Horse-Battery-Staple-4711";
        var user = Users.Minimal(NewUserName());
        user["password"] = Password;

        var created = await _client.PostAsync("/Users", user);
        var fetched = await _client.GetAsync($"/Users/{created.Id}?attributes=password,userName");
        var listed = await _client.GetAsync($"/Users?filter=id eq \"{created.Id}\"");

        created.ShouldBe(HttpStatusCode.Created);
        created.RawBody.Should().NotContain(Password).And.NotContain("password");
        fetched.RawBody.Should().NotContain(Password).And.NotContain("password");
        listed.RawBody.Should().NotContain(Password);
        StoredText().Should().NotContain(Password);
        StoredText().Should().Contain((string)created.Body!["userName"]!, "the check reads the real data file");
    }

    [Fact]
    public async Task Put_replaces_the_user_clears_what_is_left_out_and_bumps_the_version()
    {
        var created = await _client.CreateUserAsync(NewUserName(), u =>
        {
            u["displayName"] = "Before";
            u["title"] = "Engineer";
        });
        var replacement = Users.Minimal((string)created.Body!["userName"]!);
        replacement["displayName"] = "After";

        var response = await _client.PutAsync($"/Users/{created.Id}", replacement);

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["displayName"]).Should().Be("After");
        response.Body["title"].Should().BeNull();
        response.ETag.Should().Be("W/\"2\"");
        ((string?)response.Body["meta"]!["created"]).Should().Be((string?)created.Body["meta"]!["created"]);
        (await _client.GetAsync($"/Users/{created.Id}")).Body!["title"].Should().BeNull();
    }

    [Fact]
    public async Task Put_with_the_id_and_meta_of_the_resource_as_Okta_sends_it_is_accepted()
    {
        var created = await _client.CreateUserAsync(NewUserName());
        var full = (JObject)created.Body!.DeepClone();
        full["displayName"] = "Okta Update";

        var response = await _client.PutAsync($"/Users/{created.Id}", full);

        response.ShouldBe(HttpStatusCode.OK);
        ((string?)response.Body!["displayName"]).Should().Be("Okta Update");
    }

    [Fact]
    public async Task Put_of_an_unknown_id_is_404()
    {
        (await _client.PutAsync("/Users/nobody", Users.Minimal(NewUserName()))).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_to_a_taken_userName_is_409_and_changes_nothing()
    {
        var taken = NewUserName();
        await _client.CreateUserAsync(taken);
        var other = await _client.CreateUserAsync(NewUserName());

        var response = await _client.PutAsync($"/Users/{other.Id}", Users.Minimal(taken));

        response.ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
        (await _client.GetAsync($"/Users/{other.Id}")).Body.ShouldEqualJson(other.Body);
    }

    [Fact]
    public async Task Delete_answers_204_and_the_user_is_gone()
    {
        var created = await _client.CreateUserAsync(NewUserName());

        var deleted = await _client.DeleteAsync($"/Users/{created.Id}");

        deleted.ShouldBe(HttpStatusCode.NoContent);
        deleted.RawBody.Should().BeEmpty();
        (await _client.GetAsync($"/Users/{created.Id}")).ShouldBeError(HttpStatusCode.NotFound);
        (await _client.DeleteAsync($"/Users/{created.Id}")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_inactive_user_is_kept_and_listed_like_any_other()
    {
        var created = await _client.CreateUserAsync(NewUserName(), u => u["active"] = false);

        var listed = await _client.GetAsync($"/Users?filter=id eq \"{created.Id}\"");

        listed.TotalResults.Should().Be(1);
        ((bool)listed.Resources[0]["active"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Users_search_by_post_filters_like_get()
    {
        var userName = NewUserName();
        await _client.CreateUserAsync(userName);
        var search = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = $"userName eq \"{userName}\"",
            ["attributes"] = new JArray("userName"),
        };

        var response = await _client.PostAsync("/Users/.search", search);

        response.ShouldBe(HttpStatusCode.OK);
        response.TotalResults.Should().Be(1);
        ((string?)response.Resources[0]["userName"]).Should().Be(userName);
        response.Resources[0]["meta"]!["created"].Should().BeNull("only the requested attributes come back");
    }

    [Fact]
    public async Task Root_search_finds_users()
    {
        var userName = NewUserName();
        var created = await _client.CreateUserAsync(userName);
        var search = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = $"id eq \"{created.Id}\"",
        };

        var response = await _client.PostAsync("/.search", search);

        response.ShouldBe(HttpStatusCode.OK);
        response.TotalResults.Should().Be(1);
        ((string?)response.Resources[0]["meta"]!["resourceType"]).Should().Be("User");
    }

    [Fact]
    public async Task A_search_without_the_search_request_schema_is_400()
    {
        var response = await _client.PostAsync("/Users/.search", new JObject { ["filter"] = "userName pr" });

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
    }

    /// <summary>Everything in the data file and its write-ahead log, as text.</summary>
    private string StoredText()
    {
        var text = new System.Text.StringBuilder();
        foreach (var path in new[] { _factory.DatabasePath, _factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
