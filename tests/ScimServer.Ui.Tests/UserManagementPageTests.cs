using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using static Microsoft.Playwright.Assertions;

namespace ScimServer.Ui.Tests;

/// <summary>
/// The User Management page in headless Chromium against the real server. Each test makes its own users (names carry
/// the test's own prefix and are searched for), so the tests share one server without depending on each other.
/// Every wait is on a condition (Playwright's auto-waiting assertions), never a fixed sleep.
/// </summary>
[Collection(UiCollection.Name)]
public sealed partial class UserManagementPageTests(UiServer server)
{
    private const int Wide = 1280;
    private const int Narrow = 390;

    static UserManagementPageTests() => SetDefaultExpectTimeout(15_000);

    [SkippableFact]
    public async Task An_administrator_signs_in_and_sees_the_users_of_its_organizations_with_their_total()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@north.example", ["Administrator"], ["north"]);
        await server.CreateUserAsync($"{prefix}-analyst@north.example", ["Analyst"], ["north"]);
        await server.CreateUserAsync($"{prefix}-hidden@south.example", ["Analyst"], ["south"]);
        var page = await SignedInAsync($"{prefix}-admin@north.example");

        await page.GetByLabel("Search by user name, email, name or external id").FillAsync(prefix);

        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^2 users"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Edit {prefix}-analyst@north.example" })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{prefix}-hidden@south.example")).ToHaveCountAsync(0);
        await Expect(page.Locator("#whoami")).ToContainTextAsync("Administrator (north)");
    }

    [SkippableFact]
    public async Task An_administrator_cannot_open_a_user_of_another_organization_even_by_its_address()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@north.example", ["Administrator"], ["north"]);
        var hidden = await server.CreateUserAsync($"{prefix}-hidden@south.example", ["Analyst"], ["south"]);
        var page = await SignedInAsync($"{prefix}-admin@north.example");

        var status = await page.EvaluateAsync<int>($"fetch('/admin/ui/scim/v2/Users/{hidden}').then(r => r.status)");

        status.Should().Be(404);
    }

    [SkippableFact]
    public async Task Search_as_you_type_narrows_the_list_and_the_pager_moves_through_the_pages_the_server_counts()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        for (var i = 0; i < 12; i++)
        {
            await server.CreateUserAsync($"{prefix}-member{i:00}@x.example", ["Analyst"], familyName: i == 7 ? "Quixote" : "Family");
        }

        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await page.GetByLabel("Per page").SelectOptionAsync("10");
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync($"{prefix}-member");

        await Expect(page.Locator("#users-total")).ToHaveTextAsync("12 users — showing 1–10");
        await Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 1 of 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.Locator("#users-total")).ToHaveTextAsync("12 users — showing 11–12");
        await Expect(page.Locator("#users-table tbody tr")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "User name" }).ClickAsync();
        await Expect(page.Locator("#users-table tbody tr").First).ToContainTextAsync($"{prefix}-member11@x.example");

        await page.GetByLabel("Search by user name, email, name or external id").FillAsync("quixote");
        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^1 user"));
        await Expect(page.Locator("#users-table tbody")).ToContainTextAsync($"{prefix}-member07@x.example");
    }

    [SkippableFact]
    public async Task Adding_a_user_in_the_panel_creates_it_with_the_signed_in_user_as_the_audit_actor()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await page.Locator("#u-userName").FillAsync($"{prefix}-new@x.example");
        await page.GetByLabel("First name").FillAsync("Nina");
        await page.GetByLabel("Last name").FillAsync("Newman");
        await page.GetByLabel("Email (work)").FillAsync($"{prefix}-new@x.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync($"Added {prefix}-new@x.example.");
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync($"{prefix}-new");
        await Expect(page.Locator("#users-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#users-table tbody")).ToContainTextAsync("Analyst");
        var id = await IdOfAsync(page, $"{prefix}-new@x.example");
        var audit = await server.AuditAsync(id);
        audit.Select(e => ((string?)e["operation"], (string?)e["actor"])).Should().Contain(("create", $"{prefix}-admin@x.example"));
    }

    [SkippableFact]
    public async Task Editing_roles_adds_a_role_to_those_held_and_keeps_the_last_one()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var target = await server.CreateUserAsync($"{prefix}-dev@x.example", ["Analyst"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await OpenUserAsync(page, $"{prefix}-dev@x.example");

        await Expect(page.GetByLabel("Analyst", new() { Exact = true })).ToBeDisabledAsync();
        await page.GetByLabel("Developer", new() { Exact = true }).CheckAsync();
        await Expect(page.GetByLabel("Analyst", new() { Exact = true })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync($"Saved {prefix}-dev@x.example.");
        var user = await server.GetUserAsync(target);
        user[UiServer.AccessUrn]!["roles"]!.Values<string>().Should().BeEquivalentTo(["Analyst", "Developer"]);
    }

    [SkippableFact]
    public async Task A_service_account_without_an_eligible_role_is_refused_with_the_servers_message_beside_the_switch()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        await server.CreateUserAsync($"{prefix}-bot@x.example", ["Administrator", "Analyst"],
            serviceAccount: new JObject { ["enabled"] = true, ["homeTenant"] = "default" });
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await OpenUserAsync(page, $"{prefix}-bot@x.example");

        await page.GetByLabel("Administrator", new() { Exact = true }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator("#err-serviceAccount")).ToHaveTextAsync(
            "This user is a service account: it must keep one of the roles TenantAdmin, Administrator. Disable serviceAccount first to remove the last of them.");
    }

    [SkippableFact]
    public async Task The_service_account_switch_is_offered_only_with_an_eligible_role()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        await server.CreateUserAsync($"{prefix}-analyst@x.example", ["Analyst"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await OpenUserAsync(page, $"{prefix}-analyst@x.example");

        await Expect(page.Locator("#u-serviceAccount")).ToBeHiddenAsync();
        await page.GetByLabel("Administrator", new() { Exact = true }).CheckAsync();
        await Expect(page.Locator("#u-serviceAccount")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task An_inactive_user_is_refused_at_sign_in_with_the_servers_message()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-gone@x.example", ["Administrator"], active: false);
        var page = await NewPageAsync(Wide);

        await SignInAsync(page, $"{prefix}-gone@x.example");

        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(new Regex("^Inactive users cannot sign in"));
        await Expect(page.Locator("#users")).ToBeHiddenAsync();
    }

    [SkippableFact]
    public async Task An_analyst_is_refused_at_sign_in_with_a_clear_message()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-analyst@x.example", ["Analyst", "ITAdmin"]);
        var page = await NewPageAsync(Wide);

        await SignInAsync(page, $"{prefix}-analyst@x.example");

        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(
            "User Management is for Server Administrators (TenantAdmin) and Administrators; your roles are Analyst, ITAdmin.");
    }

    [SkippableFact]
    public async Task Deactivating_and_reactivating_a_user_in_the_panel_changes_its_status()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var target = await server.CreateUserAsync($"{prefix}-worker@x.example", ["Analyst"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await OpenUserAsync(page, $"{prefix}-worker@x.example");
        await page.GetByLabel(new Regex("^Active")).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#users-table tbody")).ToContainTextAsync("Inactive");
        ((bool)(await server.GetUserAsync(target))["active"]!).Should().BeFalse();

        await OpenUserAsync(page, $"{prefix}-worker@x.example");
        await page.GetByLabel(new Regex("^Active")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#users-table tbody .badge")).ToHaveTextAsync("Active");
        ((bool)(await server.GetUserAsync(target))["active"]!).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Deleting_a_user_asks_for_a_confirmation_that_names_it()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        await server.CreateUserAsync($"{prefix}-leaver@x.example", ["Analyst"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await OpenUserAsync(page, $"{prefix}-leaver@x.example");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync($"Delete {prefix}-leaver@x.example?");
        await page.Locator("#confirm-yes").ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync($"Deleted {prefix}-leaver@x.example.");
        await Expect(page.Locator("#users-total")).ToHaveTextAsync("0 users");
    }

    [SkippableFact]
    public async Task A_write_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var target = await server.CreateUserAsync($"{prefix}-kept@x.example", ["Analyst"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        var status = await page.EvaluateAsync<int>($"fetch('/admin/ui/scim/v2/Users/{target}', {{ method: 'DELETE' }}).then(r => r.status)");

        status.Should().Be(400);
        (await server.GetUserAsync(target))["userName"]!.ToString().Should().Be($"{prefix}-kept@x.example");
    }

    [SkippableFact]
    public async Task Signing_out_ends_the_session()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        var status = await page.EvaluateAsync<int>("fetch('/admin/ui/scim/v2/Users').then(r => r.status)");
        status.Should().Be(401);
    }

    [SkippableFact]
    public async Task A_group_is_found_by_name_and_a_member_is_added_with_the_user_picker_and_removed_again()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var kept = await server.CreateUserAsync($"{prefix}-kept@x.example", ["Analyst"]);
        var joiner = await server.CreateUserAsync($"{prefix}-joiner@x.example", ["Analyst"]);
        var group = await server.CreateGroupAsync($"{prefix} Finance", kept);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await OpenGroupAsync(page, $"{prefix} Finance");
        await Expect(page.Locator("#members-total")).ToHaveTextAsync("1 member — showing 1–1");
        await page.GetByLabel("Find a user by user name, email or name, or a group by name").FillAsync($"{prefix}-joi");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add {prefix}-joiner@x.example to the group" }).ClickAsync();

        await Expect(page.Locator("#members-total")).ToHaveTextAsync("2 members — showing 1–2");
        await Expect(page.Locator("#group-status")).ToHaveTextAsync($"Added {prefix}-joiner@x.example to {prefix} Finance.");
        (await server.MembersOfAsync(group)).Should().BeEquivalentTo([kept, joiner]);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {prefix}-kept@x.example from the group" }).ClickAsync();

        await Expect(page.Locator("#members-total")).ToHaveTextAsync("1 member — showing 1–1");
        await Expect(page.Locator("#members-table tbody")).ToContainTextAsync($"{prefix}-joiner@x.example");
        (await server.MembersOfAsync(group)).Should().Equal(joiner);
        var audit = await server.AuditAsync(group);
        audit.Select(e => (string?)e["actor"]).Should().Contain($"{prefix}-admin@x.example");
    }

    [SkippableFact]
    public async Task The_members_of_a_large_group_are_paged_by_the_server()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var members = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            members.Add(await server.CreateUserAsync($"{prefix}-m{i:00}@x.example", ["Analyst"]));
        }

        await server.CreateGroupAsync($"{prefix} Everyone", [.. members]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await OpenGroupAsync(page, $"{prefix} Everyone");

        await Expect(page.Locator("#members-total")).ToHaveTextAsync("30 members — showing 1–25");
        await Expect(page.Locator("#members-table tbody tr")).ToHaveCountAsync(25);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next members" }).ClickAsync();
        await Expect(page.Locator("#members-total")).ToHaveTextAsync("30 members — showing 26–30");
        await Expect(page.Locator("#members-table tbody tr").Last).ToContainTextAsync($"{prefix}-m29@x.example");
    }

    [SkippableFact]
    public async Task The_access_review_export_holds_every_matching_row_not_only_the_page_shown()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        for (var i = 0; i < 27; i++)
        {
            await server.CreateUserAsync($"{prefix}-dev{i:00}@x.example", ["Developer", "Analyst"], [$"{prefix}-east", $"{prefix}-west"]);
        }

        await server.CreateUserAsync($"{prefix}-other@x.example", ["Developer"], [$"{prefix}-north"]);
        await server.CreateUserAsync($"{prefix}-analyst@x.example", ["Analyst"], [$"{prefix}-east"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Access review", Exact = true }).ClickAsync();

        await page.Locator("#access-role").SelectOptionAsync("Developer");
        await page.Locator("#access-organization").FillAsync($"{prefix}-east");
        await Expect(page.Locator("#access-total")).ToHaveTextAsync("27 users — showing users 1–25");
        await Expect(page.Locator("#access-table tbody tr")).ToHaveCountAsync(25);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var lines = File.ReadAllLines(await download.PathAsync());

        download.SuggestedFilename.Should().Be("access-review.csv");
        lines[0].Should().Be("userName,displayName,role,organization,active");
        lines.Skip(1).Should().HaveCount(27).And.OnlyContain(l => l.Contains($",Developer,{prefix}-east,true", StringComparison.Ordinal));
        lines.Skip(1).Select(l => l.Split(',')[0]).Should().Equal(Enumerable.Range(0, 27).Select(i => $"{prefix}-dev{i:00}@x.example"));
        await Expect(page.Locator("#access-status")).ToHaveTextAsync("Exported 27 rows.");
    }

    [SkippableFact]
    public async Task A_users_history_shows_who_changed_it_through_the_page_and_by_token()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        await server.CreateUserAsync($"{prefix}-worker@x.example", ["Analyst"], [$"{prefix}-east"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        await OpenUserAsync(page, $"{prefix}-worker@x.example");
        await page.GetByLabel(new Regex("^Active")).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync($"Saved {prefix}-worker@x.example.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Access review", Exact = true }).ClickAsync();
        await page.Locator("#access-organization").FillAsync($"{prefix}-east");
        await page.GetByRole(AriaRole.Button, new() { Name = $"History of {prefix}-worker@x.example" }).ClickAsync();

        await Expect(page.Locator("#history-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#history-table tbody tr").First).ToContainTextAsync("create");
        await Expect(page.Locator("#history-table tbody tr").Last).ToContainTextAsync($"{prefix}-admin@x.example");
    }

    [SkippableFact]
    public async Task A_csv_upload_with_one_bad_row_creates_the_good_rows_and_offers_the_bad_one_as_a_failures_file()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        var csv = "userName,givenName,familyName,email,roles\n" +
            $"{prefix}-one@x.example,One,Upload,{prefix}-one@x.example,Developer;Analyst\n" +
            $"{prefix}-bad@x.example,Bad,Row,not-an-email,Analyst\n" +
            $"{prefix}-two@x.example,Two,Upload,{prefix}-two@x.example,Analyst\n";

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Expect(page.Locator("#upload-summary")).ToHaveTextAsync("3 rows: 2 ready, 1 with errors (not sent).");
        await Expect(page.Locator("#upload-table tbody tr").Nth(1)).ToContainTextAsync("Row 3: email 'not-an-email' is not an email address.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send 2 rows" }).ClickAsync();

        await Expect(page.Locator("#upload-summary")).ToHaveTextAsync("2 created, 1 failed.");
        await Expect(page.Locator("#upload-table tbody tr").First).ToContainTextAsync("Created");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download failures" }).ClickAsync());
        var failures = File.ReadAllLines(await download.PathAsync());
        failures.Should().Equal(
            "userName,givenName,familyName,email,roles,row,status,error",
            $"{prefix}-bad@x.example,Bad,Row,not-an-email,Analyst,3,invalid,Row 3: email 'not-an-email' is not an email address.");
        await CheckScreenAsync(page, "csv-upload", Wide);
        await page.SetViewportSizeAsync(Narrow, 900);
        await CheckScreenAsync(page, "csv-upload", Narrow);

        await page.GetByRole(AriaRole.Button, new() { Name = "Close the upload" }).ClickAsync();
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync(prefix);
        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^3 users"));
        var one = await server.GetUserAsync(await IdOfAsync(page, $"{prefix}-one@x.example"));
        one[UiServer.AccessUrn]!["roles"]!.Values<string>().Should().BeEquivalentTo(["Developer", "Analyst"]);
        var audit = await server.AuditAsync((string)one["id"]!);
        audit.Select(e => ((string?)e["operation"], (string?)e["actor"])).Should().Contain(("create", $"{prefix}-admin@x.example"));
    }

    [SkippableFact]
    public async Task Every_screen_has_no_serious_or_critical_accessibility_violation_and_is_photographed_at_both_widths()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"], ["north"], givenName: "Ada", familyName: "Admin");
        var ben = await server.CreateUserAsync($"{prefix}-ben@x.example", ["Analyst", "Developer"], ["north"], givenName: "Ben", familyName: "Baker");
        await server.CreateGroupAsync($"{prefix} Screens {Wide}", ben);
        await server.CreateGroupAsync($"{prefix} Screens {Narrow}", ben);
        await server.CreateUserAsync($"{prefix}-cleo@x.example", ["ITAdmin"], ["south"], active: false, givenName: "Cleo", familyName: "Cole");

        foreach (var width in new[] { Wide, Narrow })
        {
            var page = await NewPageAsync(width);
            await page.GotoAsync(server.BaseUrl + "/admin/ui/");
            await Expect(page.Locator("#signin")).ToBeVisibleAsync();
            await CheckScreenAsync(page, "sign-in", width);

            await SignInAsync(page, $"{prefix}-admin@x.example");
            await Expect(page.Locator("#users")).ToBeVisibleAsync();
            await page.GetByLabel("Search by user name, email, name or external id").FillAsync(prefix);
            await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^3 users"));
            await CheckScreenAsync(page, "users", width);

            await OpenUserAsync(page, $"{prefix}-ben@x.example");
            await CheckScreenAsync(page, "user-panel", width);
            await page.GetByRole(AriaRole.Button, new() { Name = "Close the user panel" }).ClickAsync();

            await OpenGroupAsync(page, $"{prefix} Screens {width}");
            await Expect(page.Locator("#members-total")).ToHaveTextAsync("1 member — showing 1–1");
            await page.GetByLabel("Find a user by user name, email or name, or a group by name").FillAsync($"{prefix}-cleo");
            await Expect(page.Locator("#member-candidates li")).ToHaveCountAsync(1);
            await CheckScreenAsync(page, "group-panel", width);
            await page.GetByRole(AriaRole.Button, new() { Name = "Close the group panel" }).ClickAsync();
            await CheckScreenAsync(page, "groups", width);

            await page.GetByRole(AriaRole.Button, new() { Name = "Access review", Exact = true }).ClickAsync();
            await page.Locator("#access-organization").FillAsync("north");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"History of {prefix}-ben@x.example" }).First).ToBeVisibleAsync();
            await CheckScreenAsync(page, "access-review", width);
            await page.GetByRole(AriaRole.Button, new() { Name = $"History of {prefix}-ben@x.example" }).First.ClickAsync();
            await Expect(page.Locator("#history-table tbody tr")).Not.ToHaveCountAsync(0);
            await CheckScreenAsync(page, "history", width);
            await page.Context.CloseAsync();
        }
    }

    [SkippableFact]
    public async Task The_page_is_usable_with_the_keyboard_alone()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var page = await NewPageAsync(Wide);
        await page.GotoAsync(server.BaseUrl + "/admin/ui/");
        await Expect(page.Locator("#signin-username")).ToBeFocusedAsync();

        await page.Keyboard.TypeAsync($"{prefix}-admin@x.example");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(UiServer.Password);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(prefix);
        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^1 user"));
    }

    private async Task CheckScreenAsync(IPage page, string screen, int width)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(UiServer.ScreenshotFolder, $"{screen}-{width}.png"), FullPage = true });
        var results = await page.RunAxe();
        var blocking = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        blocking.Should().BeEmpty(
            $"the {screen} screen at {width} px should have no serious or critical violation: " +
            string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    private async Task<IPage> NewPageAsync(int width)
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var context = await server.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInAsync(string userName)
    {
        var page = await NewPageAsync(Wide);
        await SignInAsync(page, userName);
        await Expect(page.Locator("#users")).ToBeVisibleAsync();
        return page;
    }

    private async Task SignInAsync(IPage page, string userName)
    {
        if (!page.Url.Contains("/admin/ui/", StringComparison.Ordinal))
        {
            await page.GotoAsync(server.BaseUrl + "/admin/ui/");
        }

        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await page.Locator("#signin-username").FillAsync(userName);
        await page.Locator("#signin-password").FillAsync(UiServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task OpenUserAsync(IPage page, string userName)
    {
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync(userName);
        var edit = page.GetByRole(AriaRole.Button, new() { Name = $"Edit {userName}", Exact = true });
        await Expect(page.Locator("#users-table tbody tr")).ToHaveCountAsync(1);
        await edit.ClickAsync();
        await Expect(page.Locator("#user-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#u-userName")).ToHaveValueAsync(userName);
    }

    private static async Task OpenGroupAsync(IPage page, string displayName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Groups", Exact = true }).ClickAsync();
        await page.GetByLabel("Search groups by display name").FillAsync(displayName);
        await Expect(page.Locator("#groups-table tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open group {displayName}", Exact = true }).ClickAsync();
        await Expect(page.Locator("#group-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#group-title")).ToHaveTextAsync($"Group {displayName}");
    }

    private static async Task<string> IdOfAsync(IPage page, string userName) =>
        await page.EvaluateAsync<string>(
            $"fetch('/admin/ui/scim/v2/Users?filter=' + encodeURIComponent('userName eq \"{userName}\"')).then(r => r.json()).then(l => l.Resources[0].id)");

    private static string Prefix() => "u" + Guid.NewGuid().ToString("N")[..8];
}
