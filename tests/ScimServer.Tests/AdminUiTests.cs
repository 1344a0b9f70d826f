using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Storage;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// The User Management page's server side over HTTP: sign-in by the seeds' roles, the cookie session with its
/// antiforgery token, and the SCIM endpoints under <c>/admin/ui/scim/v2</c> with the signed-in user's scope and name.
/// </summary>
public sealed class AdminUiTests : IDisposable
{
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";
    private const string Password = "Correct-Horse-7!";
    private readonly ScimServerFactory _factory = new();

    public AdminUiTests()
    {
        _factory.Settings["Scim:AuthFailureLimit"] = "3";
        _factory.Settings["Scim:AuthFailureWindowSeconds"] = "120";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_page_is_served_by_the_server_and_linked_from_the_root()
    {
        var http = _factory.CreateClient();

        var page = await http.GetAsync("/admin/ui/");
        var root = JObject.Parse(await http.GetStringAsync("/"));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("<script type=\"module\" src=\"app.js\">");
        (await http.GetAsync("/admin/ui/app.js")).Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        ((string?)root["userManagement"]).Should().Be("/admin/ui/");
    }

    [Fact]
    public async Task The_pages_cookie_scheme_is_not_run_on_every_request()
    {
        // A lone scheme becomes the default that the host's authentication middleware runs for each request: every
        // SCIM request built a cookie handler (under the logger factory's lock) for a cookie it never carries.
        var schemes = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();

        (await schemes.GetDefaultAuthenticateSchemeAsync()).Should().BeNull();
        (await schemes.GetSchemeAsync(ScimServer.AdminUi.AdminUiClaims.Scheme)).Should().NotBeNull();
    }

    [Fact]
    public async Task Sign_in_without_the_pages_antiforgery_token_is_refused()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"]);
        var http = _factory.CreateClient();

        var response = await new ScimClient(http, null, "/admin/ui/api").PostAsync("/session", new JObject { ["userName"] = "ann@x.org", ["password"] = Password });

        response.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        response.Body!["detail"]!.ToString().Should().Contain("antiforgery");
    }

    [Fact]
    public async Task An_administrator_signs_in_and_lists_only_the_users_of_its_organizations()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"], ["north"]);
        await CreateUserAsync("nick@x.org", ["Analyst"], ["north", "south"]);
        await CreateUserAsync("sue@x.org", ["Analyst"], ["south"]);
        await CreateUserAsync("new@x.org", ["Analyst"]);
        var page = await SignInAsync("ann@x.org");

        var list = await page.Scim.GetAsync("/Users?sortBy=userName");

        list.ShouldBe(HttpStatusCode.OK);
        list.Resources.Select(u => (string?)u["userName"]).Should().Equal("ann@x.org", "new@x.org", "nick@x.org");
        list.TotalResults.Should().Be(3);
    }

    [Fact]
    public async Task An_administrator_cannot_read_change_or_delete_a_user_of_another_organization()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"], ["north"]);
        var sue = (await CreateUserAsync("sue@x.org", ["Analyst"], ["south"])).Id;
        var page = await SignInAsync("ann@x.org");

        (await page.Scim.GetAsync($"/Users/{sue}")).ShouldBeError(HttpStatusCode.NotFound);
        (await page.Scim.PatchAsync($"/Users/{sue}", Patch("replace", "active", false), page.Csrf)).ShouldBeError(HttpStatusCode.NotFound);
        (await page.Scim.DeleteAsync($"/Users/{sue}", page.Csrf)).ShouldBeError(HttpStatusCode.NotFound);
        ((bool?)(await _factory.CreateScimClient().GetAsync($"/Users/{sue}")).Body!["active"]).Should().NotBe(false);
    }

    [Fact]
    public async Task An_administrator_can_give_only_its_own_organizations_and_never_the_server_administrator_role()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"], ["north"]);
        var nick = (await CreateUserAsync("nick@x.org", ["Analyst"], ["north"])).Id;
        var page = await SignInAsync("ann@x.org");

        var foreign = await page.Scim.PatchAsync($"/Users/{nick}", Patch("add", $"{Access}:organizations", new JArray("south")), page.Csrf);
        var promotion = await page.Scim.PatchAsync($"/Users/{nick}", Patch("add", $"{Access}:roles", new JArray("TenantAdmin")), page.Csrf);

        foreign.ShouldBeError(HttpStatusCode.Forbidden);
        foreign.Body!["detail"]!.ToString().Should().Be("Organization 'south' is not one of yours (north): an Administrator manages only the organizations it belongs to.");
        promotion.ShouldBeError(HttpStatusCode.Forbidden);
        promotion.Body!["detail"]!.ToString().Should().Be("Only a Server Administrator may grant or remove the role TenantAdmin.");
        (await page.Scim.PatchAsync($"/Users/{nick}", Patch("add", $"{Access}:roles", new JArray("Developer")), page.Csrf)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changes_through_the_page_are_audited_with_the_signed_in_user_as_actor()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");

        var created = await page.Scim.PostAsync("/Users", Users.Minimal("made@x.org"), page.Csrf);

        created.ShouldBe(HttpStatusCode.Created);
        var audit = await _factory.CreateScimClient(ScimServerFactory.AdminToken, "").GetAsync($"/admin/tenants/default/audit?resourceId={created.Id}");
        audit.Body!["entries"]!.Select(e => ((string?)e["operation"], (string?)e["actor"])).Should().Equal(("create", "root@x.org"));
    }

    [Theory]
    [InlineData("ITAdmin")]
    [InlineData("Analyst")]
    [InlineData("Developer")]
    public async Task A_user_without_a_managing_role_is_refused_with_a_clear_message(string role)
    {
        await CreateUserAsync("ivy@x.org", [role]);

        var response = await TrySignInAsync("ivy@x.org", Password);

        response.ShouldBeError(HttpStatusCode.Forbidden);
        response.Body!["detail"]!.ToString().Should().Be(
            $"User Management is for Server Administrators (TenantAdmin) and Administrators; your roles are {role}.");
    }

    [Fact]
    public async Task An_inactive_user_cannot_sign_in_and_a_user_deactivated_meanwhile_loses_the_session()
    {
        await CreateUserAsync("old@x.org", ["Administrator"], active: false);
        var ann = (await CreateUserAsync("ann@x.org", ["Administrator"])).Id;
        var page = await SignInAsync("ann@x.org");

        var refused = await TrySignInAsync("old@x.org", Password);
        await _factory.CreateScimClient().PatchAsync($"/Users/{ann}", Patch("replace", "active", false));

        refused.ShouldBeError(HttpStatusCode.Forbidden);
        refused.Body!["detail"]!.ToString().Should().StartWith("Inactive users cannot sign in.");
        (await page.Scim.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Forbidden);
        (await page.Scim.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Failed_sign_ins_are_audited_and_limited_by_the_rate_limiter()
    {
        var ann = (await CreateUserAsync("ann@x.org", ["Administrator"])).Id;
        var http = _factory.CreateClient();
        var api = new ScimClient(http, null, "/admin/ui/api");
        var csrf = Header(await CsrfAsync(http));
        for (var i = 0; i < 3; i++)
        {
            var failed = await api.PostAsync("/session", new JObject { ["userName"] = "ann@x.org", ["password"] = "wrong" }, csrf);
            failed.ShouldBeError(HttpStatusCode.Unauthorized);
            failed.Body!["detail"]!.ToString().Should().Be("The user name or password is not valid.");
        }

        var limited = await api.PostAsync("/session", new JObject { ["userName"] = "ann@x.org", ["password"] = Password }, csrf);

        limited.ShouldBeError(HttpStatusCode.TooManyRequests);

        // Read from the store: the limited address cannot read the audit API either.
        var audit = await _factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Tenant = "default", ResourceId = ann, Limit = 100 });
        audit.Count(e => e.Operation == "sign-in-failed" && e.Actor == "ann@x.org").Should().Be(3);
    }

    [Fact]
    public async Task A_service_account_signs_in_at_its_home_tenant_only_and_switches_to_a_tenant_where_it_is_provisioned()
    {
        var admin = _factory.CreateScimClient(ScimServerFactory.AdminToken, "");
        (await admin.PostAsync("/admin/tenants", new JObject { ["id"] = "acme", ["name"] = "Acme" })).ShouldBe(HttpStatusCode.Created);
        var serviceAccount = new JObject { ["enabled"] = true, ["homeTenant"] = "default" };
        await CreateUserAsync("bot@x.org", ["Administrator"], serviceAccount: serviceAccount);
        var acme = _factory.CreateScimClient(ScimServerFactory.AdminToken, "/tenants/acme/scim/v2");
        var inAcme = Users.Minimal("bot@x.org");
        inAcme["password"] = Password;
        inAcme[Access] = new JObject { ["roles"] = new JArray("Administrator"), ["serviceAccount"] = serviceAccount };
        (await acme.PostAsync("/Users", inAcme)).ShouldBe(HttpStatusCode.Created);

        var away = await TrySignInAsync("bot@x.org", Password, tenant: "acme");
        var page = await SignInAsync("bot@x.org");
        var switched = await new ScimClient(page.Http, null, "/admin/ui/api").PutAsync("/session/tenant", new JObject { ["tenant"] = "acme" }, page.Csrf);

        away.ShouldBeError(HttpStatusCode.Forbidden);
        away.Body!["detail"]!.ToString().Should().Be("A service account signs in at its home tenant 'default', then switches to this one.");
        page.Session["tenants"]!.Values<string>().Should().BeEquivalentTo("default", "acme");
        switched.ShouldBe(HttpStatusCode.OK);
        (await page.Scim.GetAsync("/Users")).Resources.Select(u => (string?)u["userName"]).Should().Equal("bot@x.org");
    }

    [Fact]
    public async Task A_tenant_token_signs_in_for_the_first_setup()
    {
        var http = _factory.CreateClient();
        var csrf = await CsrfAsync(http);

        var response = await new ScimClient(http, null, "/admin/ui/api").PostAsync("/session", new JObject { ["token"] = ScimServerFactory.TenantToken }, Header(csrf));

        response.ShouldBe(HttpStatusCode.OK);
        response.Body!["user"]!["role"]!.ToString().Should().Be("Tenant token");
        (await new ScimClient(http, null, "/admin/ui/scim/v2").GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_page_pages_a_groups_members_by_the_users_filter_and_changes_them_by_patch_of_the_group()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var ids = new List<string>();
        foreach (var name in new[] { "a@x.org", "b@x.org", "c@x.org" })
        {
            ids.Add((await CreateUserAsync(name, ["Analyst"])).Id!);
        }

        var scim = _factory.CreateScimClient();
        var group = (await scim.PostAsync("/Groups", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:Group"),
            ["displayName"] = "Finance",
            ["members"] = new JArray(ids.Take(2).Select(id => new JObject { ["value"] = id })),
        })).Id!;
        var page = await SignInAsync("root@x.org");

        var added = await page.Scim.PatchAsync($"/Groups/{group}", Patch("add", "members", new JArray(new JObject { ["value"] = ids[2] })), page.Csrf);
        var firstPage = await page.Scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"groups.value eq \"{group}\"")}&sortBy=userName&startIndex=1&count=2&attributes=userName");
        var secondPage = await page.Scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"groups.value eq \"{group}\"")}&sortBy=userName&startIndex=3&count=2&attributes=userName");

        added.ShouldBe(HttpStatusCode.NoContent);
        firstPage.TotalResults.Should().Be(3);
        firstPage.Resources.Select(u => (string?)u["userName"]).Should().Equal("a@x.org", "b@x.org");
        secondPage.Resources.Select(u => (string?)u["userName"]).Should().Equal("c@x.org");
    }

    [Fact]
    public async Task The_page_lists_a_groups_member_groups_and_adds_and_removes_one_by_patch_of_the_group()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var user = (await CreateUserAsync("a@x.org", ["Analyst"])).Id!;
        var scim = _factory.CreateScimClient();
        JObject Group(string name, params JObject[] members) => new()
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = name, ["members"] = new JArray(members),
        };
        var sales = (await scim.PostAsync("/Groups", Group("Sales"))).Id!;
        var audit = (await scim.PostAsync("/Groups", Group("Audit"))).Id!;
        var parent = (await scim.PostAsync("/Groups", Group(
            "Everyone", new JObject { ["value"] = user }, new JObject { ["value"] = sales, ["type"] = "Group" }))).Id!;
        var page = await SignInAsync("root@x.org");
        var api = new ScimClient(page.Http, null, "/admin/ui/api");

        var before = await api.GetAsync($"/groups/{parent}/member-groups");
        var added = await page.Scim.PatchAsync($"/Groups/{parent}", Patch("add", "members", new JArray(new JObject { ["value"] = audit, ["type"] = "Group" })), page.Csrf);
        var withAudit = await api.GetAsync($"/groups/{parent}/member-groups");
        var removed = await page.Scim.PatchAsync($"/Groups/{parent}", new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JArray(new JObject { ["op"] = "remove", ["path"] = $"members[value eq \"{sales}\"]" }),
        }, page.Csrf);
        var after = await api.GetAsync($"/groups/{parent}/member-groups");

        before.ShouldBe(HttpStatusCode.OK);
        before.Body!["groups"]!.Select(g => ((string?)g["value"], (string?)g["display"], (string?)g["type"])).Should().Equal((sales, "Sales", "Group"));
        added.ShouldBe(HttpStatusCode.NoContent);
        withAudit.Body!["groups"]!.Select(g => (string?)g["display"]).Should().Equal("Audit", "Sales");
        removed.ShouldBe(HttpStatusCode.NoContent);
        after.Body!["groups"]!.Select(g => (string?)g["value"]).Should().Equal(audit);
        (await api.GetAsync($"/groups/{sales}/member-groups")).Body!["groups"]!.Should().BeEmpty();
        (await api.GetAsync("/groups/no-such-group/member-groups")).ShouldBeError(HttpStatusCode.NotFound);
        (await new ScimClient(_factory.CreateClient(), null, "/admin/ui/api").GetAsync($"/groups/{parent}/member-groups")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await scim.GetAsync($"/Groups/{parent}")).Body!["members"]!.Select(m => ((string?)m["value"], (string?)m["type"])).Should().BeEquivalentTo(
            [(user, "User"), (audit, "Group")]);
    }

    [Fact]
    public async Task The_page_reads_the_audit_of_a_user_in_its_scope_and_answers_not_found_for_one_outside_it()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"], ["north"]);
        var nick = (await CreateUserAsync("nick@x.org", ["Analyst"], ["north"])).Id!;
        var sue = (await CreateUserAsync("sue@x.org", ["Analyst"], ["south"])).Id!;
        var page = await SignInAsync("ann@x.org");
        (await page.Scim.PatchAsync($"/Users/{nick}", Patch("replace", "active", false), page.Csrf)).ShouldBe(HttpStatusCode.OK);

        var own = await new ScimClient(page.Http, null, "/admin/ui/api").GetAsync($"/users/{nick}/audit");
        var foreign = await new ScimClient(page.Http, null, "/admin/ui/api").GetAsync($"/users/{sue}/audit");
        var anonymous = await new ScimClient(_factory.CreateClient(), null, "/admin/ui/api").GetAsync($"/users/{nick}/audit");

        own.ShouldBe(HttpStatusCode.OK);
        own.Body!["entries"]!.Select(e => ((string?)e["operation"], (string?)e["actor"])).Should().Contain(("patch", "ann@x.org"));
        own.Body!["entries"]!.Should().OnlyContain(e => (string?)e["resourceId"] == nick);
        own.Body!["entries"]!.Count().Should().BeGreaterThan(1, "the creation by the tenant's token is there too");
        foreign.ShouldBeError(HttpStatusCode.NotFound);
        anonymous.ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_page_checks_an_uploaded_files_rows_by_scimctls_rule()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");
        JObject Row(int number, string userName, string email) =>
            new() { ["row"] = number, ["cells"] = new JObject { ["userName"] = userName, ["email"] = email, ["active"] = "yes" } };

        var checkedRows = await new ScimClient(page.Http, null, "/admin/ui/api").PostAsync(
            "/users/import/check",
            new JObject { ["rows"] = new JArray(Row(2, "a@x.org", "a@x.org"), Row(3, "A@x.org", "not-an-email"), Row(4, "", "")) },
            page.Csrf);
        var malformed = await new ScimClient(page.Http, null, "/admin/ui/api").PostAsync("/users/import/check", new JObject { ["rows"] = "x" }, page.Csrf);

        checkedRows.ShouldBe(HttpStatusCode.OK);
        checkedRows.Body!["errors"]!.Values<string>().Should().Equal(
            "Row 3: userName 'A@x.org' repeats row 2.",
            "Row 3: email 'not-an-email' is not an email address.",
            "Row 4: userName is missing.");
        malformed.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task A_server_administrator_creates_a_tenant_with_its_first_admin_and_deletes_it_audited_as_itself()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");
        var tenants = new ScimClient(page.Http, null, "/admin/ui/api");

        var created = await tenants.PostAsync("/tenants", new JObject
        {
            ["id"] = "acme", ["name"] = "Acme", ["firstAdmin"] = new JObject { ["userName"] = "boss@acme.example" },
        }, page.Csrf);
        var listed = await tenants.GetAsync("/tenants");
        var duplicate = await tenants.PostAsync("/tenants", new JObject { ["id"] = "acme" }, page.Csrf);
        var invalid = await tenants.PostAsync("/tenants", new JObject { ["id"] = "Not Valid" }, page.Csrf);

        created.ShouldBe(HttpStatusCode.Created);
        ((string?)created.Body!["firstAdmin"]!["userName"]).Should().Be("boss@acme.example");
        created.Body!["firstAdmin"]![Access]!["roles"]!.Values<string>().Should().Equal("TenantAdmin");
        listed.Body!["tenants"]!.Select(t => (string?)t["id"]).Should().Contain(["default", "acme"]);
        duplicate.ShouldBeError(HttpStatusCode.Conflict, "uniqueness");
        invalid.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");

        var deleted = await tenants.DeleteAsync("/tenants/acme", page.Csrf);
        var again = await tenants.DeleteAsync("/tenants/acme", page.Csrf);

        deleted.ShouldBe(HttpStatusCode.NoContent);
        again.ShouldBeError(HttpStatusCode.NotFound);
        (await _factory.CreateScimClient(ScimServerFactory.AdminToken, "").GetAsync("/admin/tenants/acme")).ShouldBeError(HttpStatusCode.NotFound);
        var audit = await _factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Tenant = "acme", Limit = 100 });
        audit.Select(e => (e.Operation, e.Actor)).Should().Contain([("tenant.create", "root@x.org"), ("create", "root@x.org"), ("tenant.delete", "root@x.org")]);
    }

    [Fact]
    public async Task A_server_administrator_cannot_delete_the_tenant_it_signed_in_at_from_the_page()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");

        var refused = await new ScimClient(page.Http, null, "/admin/ui/api").DeleteAsync("/tenants/default", page.Csrf);

        refused.ShouldBeError(HttpStatusCode.Conflict);
        refused.Body!["detail"]!.ToString().Should().Be("Tenant 'default' is the one you signed in at: it cannot be deleted from this session.");
        (await _factory.CreateScimClient(ScimServerFactory.AdminToken, "").GetAsync("/admin/tenants/default")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_server_administrator_creates_a_tenant_token_shown_once_that_works_until_it_is_revoked()
    {
        await CreateUserAsync("root@x.org", ["TenantAdmin"]);
        var page = await SignInAsync("root@x.org");
        var api = new ScimClient(page.Http, null, "/admin/ui/api");
        (await api.PostAsync("/tenants", new JObject { ["id"] = "acme" }, page.Csrf)).ShouldBe(HttpStatusCode.Created);

        var created = await api.PostAsync("/tenants/acme/tokens", new JObject { ["name"] = "entra" }, page.Csrf);
        var nameless = await api.PostAsync("/tenants/acme/tokens", new JObject(), page.Csrf);
        var listed = await api.GetAsync("/tenants/acme/tokens");
        var secret = (string)created.Body!["token"]!;
        var tokenId = (string)created.Body!["id"]!;
        var before = await _factory.CreateScimClient(secret, "/scim/v2").GetAsync("/Users");
        var revoked = await api.DeleteAsync($"/tenants/acme/tokens/{tokenId}", page.Csrf);
        var after = await _factory.CreateScimClient(secret, "/scim/v2").GetAsync("/Users");

        created.ShouldBe(HttpStatusCode.Created);
        nameless.ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        listed.Body!["tokens"]!.Single()["token"].Should().BeNull("the secret is shown once, when created");
        ((string?)listed.Body!["tokens"]!.Single()["name"]).Should().Be("entra");
        before.ShouldBe(HttpStatusCode.OK);
        revoked.ShouldBe(HttpStatusCode.NoContent);
        after.ShouldBeError(HttpStatusCode.Unauthorized);
        (await api.DeleteAsync("/tenants/acme/tokens/unknown", page.Csrf)).ShouldBeError(HttpStatusCode.NotFound);
        var audit = await _factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Tenant = "acme", ResourceId = tokenId, Limit = 100 });
        audit.Select(e => (e.Operation, e.Actor)).Should().Equal(("token.create", "root@x.org"), ("token.revoke", "root@x.org"));
    }

    [Fact]
    public async Task Tenant_management_is_refused_on_the_server_to_an_administrator_a_tenant_token_and_anonymous_callers()
    {
        await CreateUserAsync("ann@x.org", ["Administrator"]);
        var admin = _factory.CreateScimClient(ScimServerFactory.AdminToken, "");
        (await admin.PostAsync("/admin/tenants", new JObject { ["id"] = "acme" })).ShouldBe(HttpStatusCode.Created);
        var token = (string)(await admin.PostAsync("/admin/tenants/acme/tokens", new JObject { ["name"] = "entra" })).Body!["id"]!;
        var page = await SignInAsync("ann@x.org");
        var tokenHttp = _factory.CreateClient();
        var tokenSession = await new ScimClient(tokenHttp, null, "/admin/ui/api").PostAsync(
            "/session", new JObject { ["token"] = ScimServerFactory.TenantToken }, Header(await CsrfAsync(tokenHttp)));
        var anonymous = new ScimClient(_factory.CreateClient(), null, "/admin/ui/api");

        foreach (var (api, csrf) in new[]
        {
            (new ScimClient(page.Http, null, "/admin/ui/api"), page.Csrf),
            (new ScimClient(tokenHttp, null, "/admin/ui/api"), Header((string)tokenSession.Body!["csrfToken"]!)),
        })
        {
            (await api.GetAsync("/tenants")).ShouldBeError(HttpStatusCode.Forbidden);
            (await api.PostAsync("/tenants", new JObject { ["id"] = "evil" }, csrf)).ShouldBeError(HttpStatusCode.Forbidden);
            (await api.DeleteAsync("/tenants/acme", csrf)).ShouldBeError(HttpStatusCode.Forbidden);
            (await api.GetAsync("/tenants/acme/tokens")).ShouldBeError(HttpStatusCode.Forbidden);
            (await api.PostAsync("/tenants/acme/tokens", new JObject { ["name"] = "x" }, csrf)).ShouldBeError(HttpStatusCode.Forbidden);
            var revoke = await api.DeleteAsync($"/tenants/acme/tokens/{token}", csrf);
            revoke.ShouldBeError(HttpStatusCode.Forbidden);
            revoke.Body!["detail"]!.ToString().Should().Be("Tenant management is for Server Administrators (TenantAdmin).");
        }

        (await anonymous.GetAsync("/tenants")).ShouldBeError(HttpStatusCode.Unauthorized);
        (await admin.GetAsync("/admin/tenants/evil")).ShouldBeError(HttpStatusCode.NotFound);
        (await admin.GetAsync("/admin/tenants/acme")).ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/admin/tenants/acme/tokens")).Body!["tokens"]!.Single()["revoked"].Should().BeNull();
    }

    private async Task<ScimResponse> CreateUserAsync(
        string userName, string[] roles, string[]? organizations = null, bool active = true, JObject? serviceAccount = null) =>
        await _factory.CreateScimClient().CreateUserAsync(userName, user =>
        {
            user["password"] = Password;
            user["active"] = active;
            user[Access] = new JObject { ["roles"] = new JArray(roles), ["organizations"] = new JArray(organizations ?? []) };
            if (serviceAccount is not null)
            {
                user[Access]!["serviceAccount"] = serviceAccount;
            }
        });

    private async Task<ScimResponse> TrySignInAsync(string userName, string password, string tenant = "default")
    {
        var http = _factory.CreateClient();
        var csrf = await CsrfAsync(http);
        return await new ScimClient(http, null, "/admin/ui/api").PostAsync(
            "/session", new JObject { ["tenant"] = tenant, ["userName"] = userName, ["password"] = password }, Header(csrf));
    }

    private async Task<PageSession> SignInAsync(string userName)
    {
        var http = _factory.CreateClient();
        var csrf = await CsrfAsync(http);
        var response = await new ScimClient(http, null, "/admin/ui/api").PostAsync(
            "/session", new JObject { ["tenant"] = "default", ["userName"] = userName, ["password"] = Password }, Header(csrf));
        response.ShouldBe(HttpStatusCode.OK);
        return new PageSession(http, new ScimClient(http, null, "/admin/ui/scim/v2"), Header((string)response.Body!["csrfToken"]!), response.Body);
    }

    private static async Task<string> CsrfAsync(HttpClient http) =>
        (string)JObject.Parse(await http.GetStringAsync("/admin/ui/api/session"))["csrfToken"]!;

    private static Action<HttpRequestMessage> Header(string csrf) => request => request.Headers.Add("X-CSRF-Token", csrf);

    private static JObject Patch(string op, string path, JToken value) => new()
    {
        ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JArray(new JObject { ["op"] = op, ["path"] = path, ["value"] = value }),
    };

    private sealed record PageSession(HttpClient Http, ScimClient Scim, Action<HttpRequestMessage> Csrf, JObject Session);
}
