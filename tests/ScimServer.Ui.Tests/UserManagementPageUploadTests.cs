using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ScimServer.Ui.Tests;

/// <summary>The CSV upload with "Update existing users": scimctl's <c>import --upsert</c> from the page.</summary>
public sealed partial class UserManagementPageTests
{
    [SkippableFact]
    public async Task A_csv_upload_with_upsert_creates_the_new_row_updates_the_existing_user_and_offers_the_bad_row_as_a_failures_file()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"]);
        var kimId = await server.CreateUserAsync($"{prefix}-kim@x.example", ["Analyst"], givenName: "Kim", familyName: "Old");
        var page = await SignedInAsync($"{prefix}-admin@x.example");
        var csv = "userName,givenName,familyName,email,roles\n" +
            $"{prefix}-new@x.example,New,Upload,{prefix}-new@x.example,Analyst\n" +
            $"{prefix}-kim@x.example,Kim,Changed,,Analyst;Developer\n" +
            $"{prefix}-bad@x.example,Bad,Row,not-an-email,Analyst\n";

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("Update existing users").CheckAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Expect(page.Locator("#upload-summary")).ToHaveTextAsync("3 rows: 2 ready, 1 with errors (not sent).");
        await Expect(page.Locator("#upload-table tbody tr").Nth(0)).ToContainTextAsync("Ready: create");
        await Expect(page.Locator("#upload-table tbody tr").Nth(1)).ToContainTextAsync("Ready: update familyName, roles");
        await CheckScreenAsync(page, "csv-upsert-preview", Wide);
        await page.SetViewportSizeAsync(Narrow, 900);
        await CheckScreenAsync(page, "csv-upsert-preview", Narrow);
        await page.SetViewportSizeAsync(Wide, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send 2 rows" }).ClickAsync();

        await Expect(page.Locator("#upload-summary")).ToHaveTextAsync("1 created, 1 updated, 0 unchanged, 1 failed.");
        await Expect(page.Locator("#upload-table tbody tr").Nth(0)).ToContainTextAsync("Created");
        await Expect(page.Locator("#upload-table tbody tr").Nth(1)).ToContainTextAsync("Updated");
        await Expect(page.Locator("#upload-table tbody tr").Nth(2)).ToContainTextAsync("invalid: Row 4: email 'not-an-email' is not an email address.");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download failures" }).ClickAsync());
        File.ReadAllLines(await download.PathAsync()).Should().Equal(
            "userName,givenName,familyName,email,roles,row,status,error",
            $"{prefix}-bad@x.example,Bad,Row,not-an-email,Analyst,4,invalid,Row 4: email 'not-an-email' is not an email address.");
        await CheckScreenAsync(page, "csv-upsert", Wide);
        await page.SetViewportSizeAsync(Narrow, 900);
        await CheckScreenAsync(page, "csv-upsert", Narrow);

        var kim = await server.GetUserAsync(kimId);
        ((string?)kim["name"]!["givenName"]).Should().Be("Kim", "an update replaces only the attributes that differ");
        ((string?)kim["emails"]![0]!["value"]).Should().Be($"{prefix}-kim@x.example", "an empty cell leaves its attribute as it is");
        ((string?)kim["name"]!["familyName"]).Should().Be("Changed");
        kim[UiServer.AccessUrn]!["roles"]!.Values<string>().Should().BeEquivalentTo(["Analyst", "Developer"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the upload" }).ClickAsync();
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync(prefix);
        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^3 users"));
    }
}
