using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>RFC 7644 §3.4.2.2 filters over HTTP, against a known set of users.</summary>
public sealed class FilterTests : IClassFixture<SeededUsersFixture>
{
    private readonly SeededUsersFixture _seed;

    public FilterTests(SeededUsersFixture seed) => _seed = seed;

    [Theory]
    // eq, and caseExact=false on userName (RFC 7643 §4.1.1)
    [InlineData("userName eq \"alice@x.org\"", "alice@x.org")]
    [InlineData("userName eq \"ALICE@X.ORG\"", "alice@x.org")]
    [InlineData("USERNAME Eq \"bob@x.org\"", "Bob@X.org")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"dave@example.org\"", "dave@example.org")]
    // externalId is caseExact
    [InlineData("externalId eq \"E-1\"", "alice@x.org")]
    [InlineData("externalId eq \"e-1\"", "")]
    // ne matches users without the attribute too
    [InlineData("userType ne \"Employee\"", "Bob@X.org,dave@example.org,eve@x.org,frank@example.org")]
    // co / sw / ew, case-insensitive for caseExact=false strings
    [InlineData("name.familyName co \"O'Malley\"", "alice@x.org")]
    [InlineData("name.familyName eq \"JENSEN\"", "carol@example.com,dave@example.org")]
    [InlineData("userName sw \"A\"", "alice@x.org")]
    [InlineData("userName ew \"@X.ORG\"", "alice@x.org,Bob@X.org,eve@x.org")]
    [InlineData("userName co \"example\"", "carol@example.com,dave@example.org,frank@example.org")]
    // pr: absent, null and empty string are not present
    [InlineData("title pr", "alice@x.org,dave@example.org")]
    [InlineData("emails pr", "alice@x.org,Bob@X.org,carol@example.com,eve@x.org")]
    // and / or / not and precedence (not > and > or)
    [InlineData("title pr and userType eq \"Employee\"", "alice@x.org")]
    [InlineData("title pr or userType eq \"Intern\"", "alice@x.org,Bob@X.org,dave@example.org")]
    [InlineData("userType eq \"Intern\" or userType eq \"Employee\" and title pr", "alice@x.org,Bob@X.org")]
    [InlineData("(userType eq \"Intern\" or userType eq \"Employee\") and title pr", "alice@x.org")]
    [InlineData("not (userType eq \"Employee\")", "Bob@X.org,dave@example.org,eve@x.org,frank@example.org")]
    [InlineData("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")", "dave@example.org,frank@example.org")]
    // multi-valued: any value matches; a complex attribute without sub-attribute compares its value
    [InlineData("emails co \"example.com\"", "alice@x.org,carol@example.com,eve@x.org")]
    [InlineData("emails.type eq \"home\"", "alice@x.org,carol@example.com")]
    [InlineData("userType eq \"Employee\" and (emails.type eq \"work\")", "alice@x.org")]
    // value paths: both conditions on the same element
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]", "alice@x.org,eve@x.org")]
    [InlineData("emails[type eq \"home\" and value co \"@example.com\"]", "carol@example.com")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]", "alice@x.org,eve@x.org,frank@example.org")]
    [InlineData("emails[primary eq true]", "alice@x.org,eve@x.org")]
    // a value path followed by a sub-attribute (Entra ID): some element matching the brackets has that sub-attribute
    [InlineData("emails[type eq \"work\"].value eq \"ALICE@example.com\"", "alice@x.org")]
    [InlineData("emails[type eq \"work\"].value eq \"alice@home.net\"", "")]
    [InlineData("emails[type eq \"work\"].value ne \"alice@example.com\"", "Bob@X.org,eve@x.org")]
    [InlineData("emails[type eq \"work\"].value co \"@EXAMPLE.com\"", "alice@x.org,eve@x.org")]
    [InlineData("emails[type eq \"work\"].value sw \"bob\"", "Bob@X.org")]
    [InlineData("emails[type eq \"work\"].value ew \".org\"", "Bob@X.org")]
    [InlineData("emails[type eq \"work\"].value gt \"bob@example.org\"", "eve@x.org")]
    [InlineData("emails[type eq \"work\"].value ge \"BOB@example.org\"", "Bob@X.org,eve@x.org")]
    [InlineData("emails[type eq \"work\"].value lt \"bob@example.org\"", "alice@x.org")]
    [InlineData("emails[type eq \"work\"].value le \"BOB@example.org\"", "alice@x.org,Bob@X.org")]
    [InlineData("emails[type eq \"work\"].value pr", "alice@x.org,Bob@X.org,eve@x.org")]
    [InlineData("emails[type eq \"home\"].value pr", "alice@x.org,carol@example.com")]
    [InlineData("emails[type eq \"work\" or type eq \"home\"].value co \"carol\"", "carol@example.com")]
    [InlineData("emails[primary eq true].value ew \"@example.com\"", "alice@x.org,eve@x.org")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value eq \"bob@example.org\"", "Bob@X.org")]
    [InlineData("userType eq \"Employee\" and emails[type eq \"work\"].value co \"@example.com\"", "alice@x.org")]
    [InlineData("emails[type eq \"home\"].value ew \".net\" or emails[type eq \"work\"].value sw \"eve\"", "alice@x.org,eve@x.org")]
    [InlineData("not (emails[type eq \"work\"].value co \"@example.com\")", "Bob@X.org,carol@example.com,dave@example.org,frank@example.org")]
    // extensions by URN: department (caseExact=false) and manager.value
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Engineering\"", "alice@x.org,eve@x.org")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"mgr-1\"", "alice@x.org,Bob@X.org")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"100\"", "alice@x.org")]
    // roles: users created without one hold the tenant's default role (Analyst)
    [InlineData("urn:ietf:params:scim:schemas:extension:access:2.0:User:roles eq \"analyst\"", "alice@x.org,Bob@X.org,dave@example.org,eve@x.org,frank@example.org")]
    [InlineData("urn:ietf:params:scim:schemas:extension:access:2.0:User:roles eq \"TenantAdmin\"", "carol@example.com")]
    [InlineData("roles.value eq \"Developer\"", "alice@x.org")]
    [InlineData("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"", "alice@x.org,Bob@X.org,eve@x.org")]
    // booleans
    [InlineData("active eq false", "Bob@X.org")]
    [InlineData("active eq true", "alice@x.org,carol@example.com,dave@example.org,frank@example.org")]
    [InlineData("not (active eq true)", "Bob@X.org,eve@x.org")]
    // ordering on strings
    [InlineData("userName gt \"dave@example.org\"", "eve@x.org,frank@example.org")]
    [InlineData("userName le \"bob@x.org\"", "alice@x.org,Bob@X.org")]
    // nothing matches: 200 with totalResults 0 (Okta's lookup before create)
    [InlineData("userName eq \"nobody@nowhere\"", "")]
    public async Task Filter_finds_exactly_the_matching_users(string filter, string expected)
    {
        var response = await _seed.Client.GetAsync("/Users?count=100&filter=" + Uri.EscapeDataString(filter));

        response.ShouldBe(HttpStatusCode.OK);
        response.Resources.Select(r => (string)r["userName"]!).Should().BeEquivalentTo(
            expected.Split(',', StringSplitOptions.RemoveEmptyEntries));
        response.TotalResults.Should().Be(response.Resources.Count);
    }

    [Fact]
    public async Task Meta_lastModified_compares_as_a_date()
    {
        var after = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"meta.lastModified gt \"{_seed.CreatedBetween}\""));
        var before = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"meta.lastModified lt \"{_seed.CreatedBetween}\""));
        var inOtherOffset = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString("meta.created ge \"2000-01-01T01:00:00+01:00\""));

        after.Resources.Select(r => (string)r["userName"]!).Should().BeEquivalentTo("eve@x.org", "frank@example.org");
        before.TotalResults.Should().Be(4);
        inOtherOffset.TotalResults.Should().Be(6);
    }

    [Fact]
    public async Task Id_filter_finds_one_user()
    {
        var id = _seed.IdsByUserName["carol@example.com"];

        var response = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString($"id eq \"{id}\""));

        response.Resources.Should().ContainSingle().Which["id"]!.ToString().Should().Be(id);
    }

    [Fact]
    public async Task Entra_id_lookup_by_work_email_value_finds_the_user()
    {
        // Microsoft Entra ID, matching on emails[type eq "work"].value: the request line as it sends it.
        var response = await _seed.Client.GetAsync(
            "/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22alice%40example.com%22");

        response.ShouldBe(HttpStatusCode.OK);
        response.TotalResults.Should().Be(1);
        response.Resources.Should().ContainSingle().Which["id"]!.ToString().Should().Be(_seed.IdsByUserName["alice@x.org"]);
    }

    [Theory]
    [InlineData("/Users/.search")]
    [InlineData("/.search")]
    public async Task Value_path_with_a_sub_attribute_filters_a_search_by_post(string endpoint)
    {
        var search = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = "emails[type eq \"work\"].value eq \"bob@example.org\"",
        };

        var response = await _seed.Client.PostAsync(endpoint, search);

        response.ShouldBe(HttpStatusCode.OK);
        response.Resources.Select(r => (string)r["userName"]!).Should().Equal("Bob@X.org");
    }

    [Theory]
    [InlineData("userName eq")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("userName equals \"x\"")]
    [InlineData("(userName eq \"x\"")]
    [InlineData("userName eq \"x\" and")]
    [InlineData("favouriteColour eq \"blue\"")]
    [InlineData("name.nothing eq \"x\"")]
    [InlineData("urn:example:nothing:attr eq \"x\"")]
    [InlineData("active gt true")]
    [InlineData("active eq \"maybe\"")]
    [InlineData("meta.lastModified gt \"yesterday\"")]
    [InlineData("meta.lastModified co \"2020\"")]
    [InlineData("name eq \"Ann\"")]
    [InlineData("userName[value eq \"x\"]")]
    [InlineData("emails[type eq \"work\" and emails[value eq \"x\"]]")]
    [InlineData("emails[type eq \"work\"].value")]
    [InlineData("emails[type eq \"work\"].nothing eq \"x\"")]
    [InlineData("emails[type eq \"work\"].value eq 12")]
    [InlineData("emails[type eq \"work\"].primary co \"x\"")]
    [InlineData("name[givenName eq \"x\"].familyName eq \"y\"")]
    [InlineData("userName eq 12")]
    [InlineData("$where eq \"1\"")]
    [InlineData("{\"$gt\": 1}")]
    public async Task An_invalid_filter_is_400_invalidFilter(string filter)
    {
        var response = await _seed.Client.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
    }
}
