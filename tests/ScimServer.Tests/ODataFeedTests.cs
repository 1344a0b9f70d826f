using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Newtonsoft.Json.Linq;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The OData access-review feed (/odata) through HTTP: $metadata, the five entity sets with their filters, $select,
/// $orderby, $top/$skip/$count, server-driven paging (a page size of 2 here, so every unpaged read follows nextLinks),
/// Basic and bearer sign-in, the server admin's path, tenant isolation, and 400s with OData errors.
/// </summary>
public sealed class ODataFeedTests : IClassFixture<ODataFeedTests.AccessFixture>
{
    private readonly AccessFixture _seed;

    public ODataFeedTests(AccessFixture seed) => _seed = seed;

    [Fact]
    public async Task Metadata_parses_as_CSDL_and_declares_the_five_entity_sets()
    {
        using var response = await _seed.SendAsync("/odata/$metadata");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/xml");
        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        CsdlReader.TryParse(xml, out var model, out var errors).Should().BeTrue(string.Join("; ", errors ?? []));
        model.EntityContainer.EntitySets().Select(s => s.Name).Should().BeEquivalentTo(
            "Users", "Groups", "RoleAssignments", "OrganizationMemberships", "ServiceAccounts");
        var assignment = model.EntityContainer.FindEntitySet("RoleAssignments").EntityType;
        assignment.Key().Select(k => k.Name).Should().BeEquivalentTo("userId", "role");
        assignment.StructuralProperties().Select(p => p.Name).Should().Contain(["userName", "displayName", "active", "serviceAccountEligible"]);
    }

    [Fact]
    public async Task The_service_document_lists_the_entity_sets()
    {
        var response = await _seed.Feed("/");

        response.ShouldBe(HttpStatusCode.OK);
        ((string)response.Body!["@odata.context"]!).Should().EndWith("/odata/$metadata");
        response.Body!["value"]!.Select(s => (string)s["url"]!).Should().BeEquivalentTo(
            "Users", "Groups", "RoleAssignments", "OrganizationMemberships", "ServiceAccounts");
    }

    [Theory]
    [InlineData("roles/any(r: r eq 'Analyst')", new[] { "ann", "bob" })]
    [InlineData("roles/any(r: r eq 'analyst' or r eq 'ITAdmin')", new[] { "ann", "bob", "cid" })]
    [InlineData("organizations/any(o: o eq 'south')", new[] { "ann", "cid" })]
    [InlineData("primaryOrganization eq 'west'", new[] { "cid" })]
    [InlineData("active eq false", new[] { "bob" })]
    [InlineData("active eq true and not roles/any(r: r eq 'TenantAdmin')", new[] { "cid", "dee" })]
    [InlineData("serviceAccount eq true", new[] { "ann" })]
    [InlineData("serviceAccount eq false", new[] { "bob", "cid", "dee" })]
    [InlineData("active eq true", new[] { "ann", "cid", "dee" })]
    [InlineData("active ne true", new[] { "bob" })]
    [InlineData("startswith(userName, 'C') or contains(displayName, 'Dee')", new[] { "cid", "dee" })]
    [InlineData("userName in ('ann@access.example', 'BOB@access.example')", new[] { "ann", "bob" })]
    public async Task Users_answer_with_the_users_the_filter_selects(string filter, string[] expected)
    {
        var rows = await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString(filter));

        rows.Select(r => Short((string)r["userName"]!)).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task Users_filter_on_lastModified()
    {
        var later = await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString($"lastModified gt {_seed.Between}"));
        var earlier = await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString($"lastModified le {_seed.Between}"));

        later.Select(r => Short((string)r["userName"]!)).Should().BeEquivalentTo("cid", "dee");
        earlier.Select(r => Short((string)r["userName"]!)).Should().BeEquivalentTo("ann", "bob");
    }

    [Fact]
    public async Task A_user_row_shows_the_users_access()
    {
        var rows = await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString("userName eq 'ann@access.example'"));

        var ann = rows.Should().ContainSingle().Subject;
        ann["id"]!.ToString().Should().Be(_seed.Ids["ann"]);
        ann["roles"]!.Values<string>().Should().Equal("TenantAdmin", "Analyst");
        ann["organizations"]!.Values<string>().Should().Equal("north", "south");
        ((string?)ann["primaryOrganization"]).Should().Be("south");
        ((bool?)ann["serviceAccount"]).Should().BeTrue();
        ((string?)ann["homeTenant"]).Should().Be("default");
        ((string?)ann["email"]).Should().Be("ann.work@access.example");
        ((bool?)ann["active"]).Should().BeTrue();
        ((string?)ann["lastModified"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task RoleAssignments_have_one_row_per_user_and_role()
    {
        var rows = await _seed.ReadAllAsync("/RoleAssignments?$orderby=userName");

        rows.Select(r => $"{Short((string)r["userName"]!)}:{r["role"]}").Should().Equal(
            "ann:Analyst", "ann:TenantAdmin", "bob:Analyst", "cid:Developer", "cid:ITAdmin", "dee:Administrator");
        rows.Where(r => (string)r["role"]! == "TenantAdmin").Select(r => (string)r["userId"]!).Should().Equal(_seed.Ids["ann"]);
        rows.Where(r => (bool)r["serviceAccountEligible"]!).Select(r => (string)r["role"]!).Should().Equal("TenantAdmin", "Administrator");
        rows.Where(r => (string)r["role"]! == "Analyst").Select(r => (bool?)r["active"]).Should().Equal(true, false);
    }

    [Theory]
    [InlineData("role eq 'Analyst'", new[] { "ann:Analyst", "bob:Analyst" })]
    [InlineData("role eq 'analyst' and active eq true", new[] { "ann:Analyst" })]
    [InlineData("role in ('Developer', 'TenantAdmin')", new[] { "ann:TenantAdmin", "cid:Developer" })]
    [InlineData("serviceAccountEligible eq true", new[] { "ann:TenantAdmin", "dee:Administrator" })]
    [InlineData("role ne 'Analyst' and userName eq 'ann@access.example'", new[] { "ann:TenantAdmin" })]
    [InlineData("not (role eq 'Analyst' or role eq 'Developer')", new[] { "ann:TenantAdmin", "cid:ITAdmin", "dee:Administrator" })]
    [InlineData("startswith(role, 'admin')", new[] { "dee:Administrator" })]
    [InlineData("lastModified gt {between} and serviceAccountEligible eq false", new[] { "cid:Developer", "cid:ITAdmin" })]
    public async Task RoleAssignments_answer_with_only_the_rows_the_filter_selects(string filter, string[] expected)
    {
        var rows = await _seed.ReadAllAsync("/RoleAssignments?$orderby=userName&$filter="
            + Uri.EscapeDataString(filter.Replace("{between}", _seed.Between, StringComparison.Ordinal)));

        rows.Select(r => $"{Short((string)r["userName"]!)}:{r["role"]}").Should().Equal(expected);
    }

    [Theory]
    [InlineData("", 6)]
    [InlineData("&$filter=role eq 'Analyst'", 2)]
    [InlineData("&$filter=serviceAccountEligible eq false", 4)]
    public async Task RoleAssignments_count_top_and_skip_count_rows(string filter, int total)
    {
        var all = await _seed.ReadAllAsync("/RoleAssignments?$orderby=userName" + filter);
        all.Should().HaveCount(total);

        for (var skip = 0; skip <= total; skip++)
        {
            var page = await _seed.Feed($"/RoleAssignments?$orderby=userName&$count=true&$top=2&$skip={skip}{filter}");

            page.ShouldBe(HttpStatusCode.OK);
            ((long)page.Body!["@odata.count"]!).Should().Be(total);
            Keys(page.Body["value"]!).Should().Equal(Keys(all.Skip(skip).Take(2)), $"$skip={skip}");
            page.Body["@odata.nextLink"].Should().BeNull("a $top within the page size is the whole answer");
        }
    }

    [Fact]
    public async Task RoleAssignments_pages_end_inside_a_users_rows_and_resume_there()
    {
        var first = await _seed.Feed("/RoleAssignments?$orderby=userName&$count=true");

        Keys(first.Body!["value"]!).Should().Equal("ann:Analyst", "ann:TenantAdmin");
        ((long)first.Body["@odata.count"]!).Should().Be(6);
        var next = (string)first.Body["@odata.nextLink"]!;
        next.Should().Contain("$skiptoken=").And.Contain("$count=true");
        var all = await _seed.ReadAllAsync("/RoleAssignments?$orderby=userName&$skip=1");
        Keys(all).Should().Equal("ann:TenantAdmin", "bob:Analyst", "cid:Developer", "cid:ITAdmin", "dee:Administrator");
    }

    [Fact]
    public async Task A_top_beyond_the_page_size_is_served_in_pages_that_stop_at_the_top()
    {
        var rows = await _seed.ReadAllAsync("/RoleAssignments?$orderby=userName&$top=5");

        Keys(rows).Should().Equal("ann:Analyst", "ann:TenantAdmin", "bob:Analyst", "cid:Developer", "cid:ITAdmin");
    }

    [Theory]
    [InlineData("organization eq 'south'", new[] { "ann:south:True", "cid:south:False" })]
    [InlineData("primary eq true", new[] { "ann:south:True", "bob:north:True", "cid:west:True" })]
    [InlineData("organization eq 'north' and active eq true", new[] { "ann:north:False" })]
    [InlineData("lastModified gt " + "{between}", new[] { "cid:south:False", "cid:west:True" })]
    public async Task OrganizationMemberships_answer_with_the_rows_the_filter_selects(string filter, string[] expected)
    {
        var rows = await _seed.ReadAllAsync("/OrganizationMemberships?$orderby=userName&$filter="
            + Uri.EscapeDataString(filter.Replace("{between}", _seed.Between, StringComparison.Ordinal)));

        rows.Select(r => $"{Short((string)r["userName"]!)}:{r["organization"]}:{r["primary"]}").Should().Equal(expected);
    }

    [Fact]
    public async Task ServiceAccounts_list_the_service_accounts_with_their_home_tenant()
    {
        var rows = await _seed.ReadAllAsync("/ServiceAccounts");

        var ann = rows.Should().ContainSingle().Subject;
        ((string)ann["id"]!).Should().Be(_seed.Ids["ann"]);
        ((string?)ann["homeTenant"]).Should().Be("default");
        ann["roles"]!.Values<string>().Should().Contain("TenantAdmin");
        (await _seed.ReadAllAsync("/ServiceAccounts?$filter=" + Uri.EscapeDataString("homeTenant eq 'elsewhere'"))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("roles/any(r: r eq 'TenantAdmin') and active eq true and lastModified le {between}", 1)]
    [InlineData("lastModified gt {between}", 0)]
    [InlineData("active eq false", 0)]
    public async Task ServiceAccounts_filter_on_role_active_and_lastModified(string filter, int expected)
    {
        var rows = await _seed.ReadAllAsync("/ServiceAccounts?$filter=" + Uri.EscapeDataString(filter.Replace("{between}", _seed.Between, StringComparison.Ordinal)));

        rows.Should().HaveCount(expected);
    }

    [Fact]
    public async Task Groups_filter_on_lastModified()
    {
        (await _seed.ReadAllAsync("/Groups?$filter=" + Uri.EscapeDataString($"lastModified gt {_seed.Between}"))).Should().HaveCount(1);
        (await _seed.ReadAllAsync("/Groups?$filter=" + Uri.EscapeDataString($"lastModified le {_seed.Between}"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Groups_answer_with_the_tenants_groups()
    {
        var rows = await _seed.ReadAllAsync("/Groups?$filter=" + Uri.EscapeDataString("displayName eq 'auditors'"));

        rows.Select(r => (string)r["displayName"]!).Should().Equal("Auditors");
        (await _seed.ReadAllAsync("/Groups")).Should().HaveCount(1);
    }

    [Fact]
    public async Task Select_returns_only_the_selected_properties_and_names_them_in_the_context()
    {
        var response = await _seed.Feed("/Users?$select=userName,active&$orderby=userName desc&$top=2");

        response.ShouldBe(HttpStatusCode.OK);
        ((string)response.Body!["@odata.context"]!).Should().EndWith("/odata/$metadata#Users(userName,active)");
        var rows = response.Body["value"]!.Cast<JObject>().ToList();
        rows.Select(r => r.Properties().Select(p => p.Name)).Should().AllSatisfy(names => names.Should().Equal("userName", "active"));
        rows.Select(r => Short((string)r["userName"]!)).Should().Equal("dee", "cid");
    }

    [Fact]
    public async Task Users_pages_follow_nextLinks_to_the_end_with_the_count_on_each()
    {
        var first = await _seed.Feed("/Users?$orderby=userName&$count=true");

        ((long)first.Body!["@odata.count"]!).Should().Be(4);
        first.Body["value"]!.Should().HaveCount(2);
        var all = await _seed.ReadAllAsync("/Users?$orderby=userName&$count=true");
        all.Select(r => Short((string)r["userName"]!)).Should().Equal("ann", "bob", "cid", "dee");
    }

    [Fact]
    public async Task Basic_authentication_with_the_token_as_password_reads_the_tokens_tenant()
    {
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("excel:" + ScimServerFactory.TenantToken)));
        using var response = await _seed.SendAsync("/odata/Users?$count=true&$top=0", basic);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)JObject.Parse(await response.Content.ReadAsStringAsync())["@odata.count"]!).Should().Be(4);
    }

    [Theory]
    [InlineData("Basic", "excel:wrong-token")]
    [InlineData("Basic", "no-colon")]
    [InlineData("Bearer", "wrong-token")]
    [InlineData(null, null)]
    public async Task A_missing_or_wrong_token_is_401_with_a_Basic_challenge_and_an_OData_error(string? scheme, string? credentials)
    {
        var header = scheme is null ? null : new AuthenticationHeaderValue(scheme,
            scheme == "Basic" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials!)) : credentials);
        using var response = await _seed.SendAsync("/odata/Users", header, authenticate: header is not null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Contain(["Basic", "Bearer"]);
        response.Headers.WwwAuthenticate.First(h => h.Scheme == "Basic").Parameter.Should().Contain("realm=");
        ((string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!["message"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_server_admin_reads_any_tenant_under_tenants_and_no_other_token_does()
    {
        var admin = new AuthenticationHeaderValue("Bearer", ScimServerFactory.AdminToken);
        var other = await _seed.Feed("/tenants/other/odata/Users", admin);
        var own = await _seed.Feed("/tenants/default/odata/RoleAssignments?$filter=" + Uri.EscapeDataString("role eq 'Analyst'") + "&$count=true", admin);

        other.ShouldBe(HttpStatusCode.OK);
        other.Body!["value"]!.Select(r => (string)r["userName"]!).Should().Equal("eve@other.example");
        ((string)other.Body["@odata.context"]!).Should().Contain("/tenants/other/odata/$metadata#Users");
        ((long)own.Body!["@odata.count"]!).Should().Be(2);
        (await _seed.Feed("/odata/Users", admin)).Status.Should().Be(HttpStatusCode.Forbidden);
        (await _seed.Feed("/tenants/other/odata/Users")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await _seed.Feed("/tenants/atlantis/odata/Users", admin)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tenant_token_reads_its_own_tenant_only()
    {
        var eve = new AuthenticationHeaderValue("Bearer", _seed.OtherToken);
        var theirs = await _seed.ReadAllAsync("/RoleAssignments", eve);
        var ours = await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString("userName eq 'eve@other.example'"));

        theirs.Select(r => $"{r["userName"]}:{r["role"]}").Should().Equal("eve@other.example:Analyst");
        ours.Should().BeEmpty();
        (await _seed.ReadAllAsync("/Users?$filter=" + Uri.EscapeDataString($"id eq '{_seed.Ids["ann"]}'"), eve)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("/Users?$expand=roles")]
    [InlineData("/Users?$apply=groupby((active))")]
    [InlineData("/Users?$search=ann")]
    [InlineData("/Users?$filter=length(userName) eq 3")]
    [InlineData("/Users?$filter=tolower(userName) eq 'ann'")]
    [InlineData("/Users?$filter=roles/all(r: r eq 'Analyst')")]
    [InlineData("/Users?$filter=nosuch eq 1")]
    [InlineData("/Users?$filter=userName eq displayName")]
    [InlineData("/Users?$filter=userName eq")]
    [InlineData("/Users?$orderby=userName,displayName")]
    [InlineData("/Users?$orderby=roles")]
    [InlineData("/Users?$top=-1")]
    [InlineData("/Users?$skiptoken=forged")]
    [InlineData("/Users?$format=xml")]
    [InlineData("/RoleAssignments?$orderby=role")]
    [InlineData("/RoleAssignments?$filter=role eq 'Analyst' or active eq true")]
    [InlineData("/Groups?$filter=lastModified gt 'yesterday'")]
    [InlineData("/Groups?$filter=lastModified gt 2024-01-01")]
    [InlineData("/Users?$skip=3000000000")]
    [InlineData("/Users?$top=ten")]
    [InlineData("/Users?$filter=userName eq 1")]
    public async Task An_unsupported_query_is_400_with_an_OData_error(string query)
    {
        using var response = await _seed.SendAsync("/odata" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var error = JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!;
        ((string?)error["code"]).Should().Be("BadRequest");
        ((string?)error["message"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_unknown_entity_set_is_404_with_an_OData_error()
    {
        using var response = await _seed.SendAsync("/odata/Tenants");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ((string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!["message"]).Should().Contain("RoleAssignments");
    }

    private static string Short(string userName) => userName[..userName.IndexOf('@', StringComparison.Ordinal)];

    private static IEnumerable<string> Keys(IEnumerable<JToken> rows) => rows.Select(r => $"{Short((string)r["userName"]!)}:{r["role"]}");

    /// <summary>
    /// Tenant <c>default</c>: ann (TenantAdmin + Analyst, north + south with south primary, a service account),
    /// bob (Analyst, north, inactive), then — after <see cref="Between"/> — cid (Developer + ITAdmin, south + west with
    /// west primary) and dee (Administrator, no organization), and the group Auditors. Tenant <c>other</c>: eve.
    /// </summary>
    public sealed class AccessFixture : IAsyncLifetime
    {
        private readonly ScimServerFactory _factory = new();
        private HttpClient _http = null!;

        public Dictionary<string, string> Ids { get; } = [];

        public string Between { get; private set; } = "";

        public string OtherToken { get; private set; } = "";

        public async Task InitializeAsync()
        {
            _factory.Settings["OData:MaxPageSize"] = "2";
            _http = _factory.CreateClient();
            var scim = new ScimClient(_http, ScimServerFactory.TenantToken, "/scim/v2");
            await CreateAsync(scim, "ann", """{"roles":["TenantAdmin","Analyst"],"organizations":["north","south"],"primaryOrganization":"south","serviceAccount":{"enabled":true,"homeTenant":"default"}}""",
                ""","emails":[{"value":"ann.home@access.example"},{"value":"ann.work@access.example","primary":true}]""");
            await CreateAsync(scim, "bob", """{"roles":["Analyst"],"organizations":["north"]}""", ""","active":false""");

            // Users modified after this instant: cid and dee.
            await Task.Delay(20);
            Between = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(20);
            await CreateAsync(scim, "cid", """{"roles":["Developer","ITAdmin"],"organizations":["south","west"],"primaryOrganization":"west"}""");
            await CreateAsync(scim, "dee", """{"roles":["Administrator"]}""", ""","displayName":"Dee Admin" """);
            (await scim.PostAsync("/Groups", JObject.Parse("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Auditors"}""")))
                .ShouldBe(HttpStatusCode.Created);

            var admin = new AdminClient(_http);
            (await admin.PostAsync("/admin/tenants", new JObject { ["id"] = "other", ["name"] = "Other" })).ShouldBe(HttpStatusCode.Created);
            OtherToken = (string)(await admin.PostAsync("/admin/tenants/other/tokens", new JObject { ["name"] = "reviews" })).Body!["token"]!;
            await CreateAsync(new ScimClient(_http, OtherToken, "/scim/v2"), "eve", """{"roles":["Analyst"],"organizations":["north"]}""", domain: "other.example");
        }

        public Task DisposeAsync()
        {
            _factory.Dispose();
            return Task.CompletedTask;
        }

        public async Task<HttpResponseMessage> SendAsync(string path, AuthenticationHeaderValue? authorization = null, bool authenticate = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authenticate)
            {
                request.Headers.Authorization = authorization ?? new AuthenticationHeaderValue("Bearer", ScimServerFactory.TenantToken);
            }

            return await _http.SendAsync(request);
        }

        /// <summary>A GET of the feed (<c>/odata</c> + path unless the path names its own prefix), as JSON.</summary>
        public async Task<ScimResponse> Feed(string path, AuthenticationHeaderValue? authorization = null)
        {
            var target = path.StartsWith("http", StringComparison.Ordinal) || path.StartsWith("/tenants/", StringComparison.Ordinal)
                || path.StartsWith("/odata", StringComparison.Ordinal) ? path : "/odata" + path;
            using var response = await SendAsync(target, authorization);
            var raw = await response.Content.ReadAsStringAsync();
            return new ScimResponse(response.StatusCode, raw.Length > 0 ? JObject.Parse(raw) : null, response.Headers, response.Content.Headers, raw);
        }

        /// <summary>Every row of a read, following <c>@odata.nextLink</c> to the end.</summary>
        public async Task<List<JToken>> ReadAllAsync(string path, AuthenticationHeaderValue? authorization = null)
        {
            var rows = new List<JToken>();
            string? next = path;
            for (var pages = 0; next is not null; pages++)
            {
                pages.Should().BeLessThan(50, "paging must end");
                var page = await Feed(next, authorization);
                page.ShouldBe(HttpStatusCode.OK);
                var value = (JArray)page.Body!["value"]!;
                value.Count.Should().BeLessThanOrEqualTo(2, "the page size is 2");
                rows.AddRange(value);
                next = (string?)page.Body["@odata.nextLink"];
            }

            return rows;
        }

        private async Task CreateAsync(ScimClient scim, string name, string access, string core = "", string domain = "access.example")
        {
            var user = JObject.Parse($$"""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:access:2.0:User"],
                 "userName":"{{name}}@{{domain}}" {{core}},
                 "urn:ietf:params:scim:schemas:extension:access:2.0:User": {{access}} }
                """);
            var response = await scim.PostAsync("/Users", user);
            response.Status.Should().Be(HttpStatusCode.Created, response.RawBody);
            Ids[name] = response.Id;
        }
    }
}
