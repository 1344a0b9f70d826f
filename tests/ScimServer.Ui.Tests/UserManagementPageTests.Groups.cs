using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ScimServer.Ui.Tests;

/// <summary>Nested groups in a group's panel, and a group of 20,000 members opened one page at a time.</summary>
public sealed partial class UserManagementPageTests
{
    [SkippableFact]
    public async Task A_groups_panel_lists_its_member_groups_and_the_picker_adds_a_group_as_a_member_and_removes_it()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var nestedUser = await server.CreateUserAsync($"{prefix}-nested@x.example", ["Analyst"]);
        var sales = await server.CreateGroupAsync($"{prefix} Sales", nestedUser);
        var audit = await server.CreateGroupAsync($"{prefix} Audit");
        var parent = await server.CreateGroupAsync($"{prefix} Parent", sales);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await OpenGroupAsync(page, $"{prefix} Parent");

        await Expect(page.Locator("#member-groups-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#member-groups-table tbody")).ToContainTextAsync($"{prefix} Sales");
        await Expect(page.Locator("#members-table tbody")).ToContainTextAsync("Through a nested group");

        await page.GetByLabel("Find a user by user name, email or name, or a group by name").FillAsync($"{prefix} ");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Add group {prefix} Audit to the group" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Add group {prefix} Parent to the group" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Add group {prefix} Sales to the group" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add group {prefix} Audit to the group" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#group-status")).ToHaveTextAsync($"Added group {prefix} Audit to {prefix} Parent.");
        await Expect(page.Locator("#member-groups-table tbody tr")).ToHaveCountAsync(2);
        (await server.MembersOfAsync(parent)).Should().BeEquivalentTo([sales, audit]);
        foreach (var width in new[] { Wide, Narrow })
        {
            await page.SetViewportSizeAsync(width, 900);
            await CheckScreenAsync(page, "group-panel-nested", width);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove group {prefix} Sales from the group" }).ClickAsync();

        await Expect(page.Locator("#group-status")).ToHaveTextAsync($"Removed group {prefix} Sales from {prefix} Parent.");
        await Expect(page.Locator("#member-groups-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#members-total")).ToHaveTextAsync("0 members");
        (await server.MembersOfAsync(parent)).Should().Equal(audit);
        var entries = await server.AuditAsync(parent);
        entries.Select(e => (string?)e["actor"]).Should().Contain($"{prefix}-admin@x.example");
    }

    [SkippableFact]
    public async Task A_group_of_20000_members_opens_with_one_page_of_members_fetched_and_paging_fetches_the_next_page_only()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var members = await server.BulkCreateUsersAsync(prefix, 20_000);
        var group = await server.CreateGroupAsync($"{prefix} Everyone");
        await server.AddMembersAsync(group, members);
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        var memberPages = new List<string>();
        var groupReads = new List<string>();
        page.Request += (_, request) =>
        {
            // URLSearchParams writes a space as "+" (application/x-www-form-urlencoded).
            var url = Uri.UnescapeDataString(request.Url.Replace("+", " ", StringComparison.Ordinal));
            if (url.Contains("/admin/ui/scim/v2/Users?", StringComparison.Ordinal) && url.Contains($"groups.value eq \"{group}\"", StringComparison.Ordinal)
                && !url.Contains(" co ", StringComparison.Ordinal))
            {
                memberPages.Add(url);
            }
            else if (url.Contains($"/Groups/{group}", StringComparison.Ordinal) || (url.Contains("/Groups?", StringComparison.Ordinal) && !url.Contains("excludedAttributes=members", StringComparison.Ordinal)))
            {
                groupReads.Add(url);
            }
        };

        await OpenGroupAsync(page, $"{prefix} Everyone");

        await Expect(page.Locator("#members-total")).ToHaveTextAsync("20000 members — showing 1–25");
        await Expect(page.Locator("#members-table tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator("#members-table tbody tr").First).ToContainTextAsync($"{prefix}-00000@bulk.example");
        await Expect(page.Locator("#member-groups-total")).ToHaveTextAsync("No member groups");
        memberPages.Should().ContainSingle().Which.Should().Contain("count=25").And.Contain("startIndex=1&");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next members" }).ClickAsync();

        await Expect(page.Locator("#members-total")).ToHaveTextAsync("20000 members — showing 26–50");
        await Expect(page.Locator("#members-table tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator("#members-table tbody tr").First).ToContainTextAsync($"{prefix}-00025@bulk.example");
        await Expect(page.Locator("#members-page-info")).ToHaveTextAsync("Page 2 of 800");
        memberPages.Should().HaveCount(2);
        memberPages[1].Should().Contain("startIndex=26&").And.Contain("count=25");
        groupReads.Should().BeEmpty("the group's members attribute (all 20,000) is never read by the page");
    }
}
