using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ScimServer.Ui.Tests;

/// <summary>Tenant management from the page: for a Server Administrator only, refused by the server to anybody else.</summary>
public sealed partial class UserManagementPageTests
{
    [SkippableFact]
    public async Task A_server_administrator_creates_a_tenant_by_keyboard_gets_a_token_shown_once_revokes_it_and_deletes_the_tenant_after_a_confirmation_naming_it()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-root@x.example", ["TenantAdmin"]);
        var page = await SignedInAsync($"{prefix}-root@x.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tenants", Exact = true }).ClickAsync();

        await page.GetByLabel("Tenant id").FocusAsync();
        await page.Keyboard.TypeAsync(prefix);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync($"{prefix} Corp");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync($"boss@{prefix}.example");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#status")).ToHaveTextAsync($"Created tenant {prefix} with boss@{prefix}.example as its administrator.");
        await Expect(page.Locator("#tenants-table tbody")).ToContainTextAsync($"{prefix} Corp");
        await Expect(page.Locator("#tenant-switch option[value='" + prefix + "']")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Tokens of tenant {prefix}" }).ClickAsync();
        await Expect(page.Locator("#token-name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("entra");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#tokens-status")).ToHaveTextAsync($"Created token entra for tenant {prefix}: copy its secret now, it is not shown again.");
        var secret = await page.Locator("#token-secret").InputValueAsync();
        secret.Should().NotBeNullOrEmpty();
        await Expect(page.Locator("#tokens-table tbody")).ToContainTextAsync("Active");
        await Expect(page.Locator("#tokens-table tbody")).Not.ToContainTextAsync(secret);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke token entra" }).ClickAsync();
        await Expect(page.Locator("#tokens-status")).ToHaveTextAsync($"Revoked token entra of tenant {prefix}.");
        await Expect(page.Locator("#tokens-table tbody")).ToContainTextAsync("Revoked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the tokens" }).ClickAsync();
        var audit = (await server.AdminGetAsync($"/admin/tenants/{prefix}/audit")).Body!["entries"]!;
        audit.Select(e => ((string?)e["operation"], (string?)e["actor"])).Should().Contain(
            [("tenant.create", $"{prefix}-root@x.example"), ("token.create", $"{prefix}-root@x.example"), ("token.revoke", $"{prefix}-root@x.example")]);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete tenant {prefix}" }).ClickAsync();
        await Expect(page.Locator("#confirm-tenant-text")).ToContainTextAsync($"Delete tenant {prefix} ({prefix} Corp)?");
        await Expect(page.Locator("#confirm-tenant-no")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete tenant", Exact = true }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync($"Deleted tenant {prefix}.");
        await Expect(page.Locator("#tenants-table tbody")).Not.ToContainTextAsync($"{prefix} Corp");
        (await server.AdminGetAsync($"/admin/tenants/{prefix}")).Status.Should().Be(404);
    }

    [SkippableFact]
    public async Task An_administrator_sees_no_tenants_view_and_the_server_refuses_its_tenant_calls()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["Administrator"]);
        var page = await SignedInAsync($"{prefix}-admin@x.example");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Tenants", Exact = true })).ToHaveCountAsync(0);
        var list = await page.EvaluateAsync<int>("fetch('/admin/ui/api/tenants').then(r => r.status)");
        var create = await page.EvaluateAsync<string>(
            "fetch('/admin/ui/api/session').then(r => r.json()).then(s => fetch('/admin/ui/api/tenants', {method: 'POST', " +
            "headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken}, body: JSON.stringify({id: '" + prefix + "'})}))" +
            ".then(r => r.json()).then(b => b.status + ' ' + b.detail)");

        list.Should().Be(403);
        create.Should().Be("403 Tenant management is for Server Administrators (TenantAdmin).");
        (await server.AdminGetAsync($"/admin/tenants/{prefix}")).Status.Should().Be(404);
    }

    [SkippableFact]
    public async Task The_tenants_and_tokens_screens_pass_the_accessibility_check_at_both_widths()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-root@x.example", ["TenantAdmin"]);
        var page = await SignedInAsync($"{prefix}-root@x.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await page.GetByLabel("Tenant id").FillAsync(prefix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync($"Created tenant {prefix}.");

        foreach (var width in new[] { Wide, Narrow })
        {
            await page.SetViewportSizeAsync(width, 900);
            await CheckScreenAsync(page, "tenants", width);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Tokens of tenant {prefix}" }).ClickAsync();
            await page.GetByLabel("Name of the new token (who uses it)").FillAsync($"screens-{width}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
            await Expect(page.Locator("#token-secret-box")).ToBeVisibleAsync();
            await CheckScreenAsync(page, "tenant-tokens", width);
            await page.GetByRole(AriaRole.Button, new() { Name = "Close the tokens" }).ClickAsync();
            await Expect(page.Locator("#token-secret")).ToHaveValueAsync("");
        }
    }
}
