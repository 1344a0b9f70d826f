using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using static Microsoft.Playwright.Assertions;

namespace ScimServer.Ui.Tests;

/// <summary>
/// What axe does not check: the order the Tab key visits each screen in against the order a reader sees it in, a
/// visible focus indicator on every stop (WCAG 2.4.7) with 3:1 against what surrounds it (1.4.11), and 4.5:1 contrast
/// of every text against the background it is actually drawn on (1.4.3), computed from the rendered page's styles.
/// </summary>
public sealed partial class UserManagementPageTests
{
    /// <summary>The most Tab presses one screen takes; more means focus is lost in a loop.</summary>
    private const int MaxTabs = 80;

    [SkippableFact]
    public async Task Tabbing_through_every_screen_follows_the_visual_order_and_shows_a_focus_indicator_on_each_stop()
    {
        var prefix = await ScreensUserAsync();
        foreach (var width in new[] { Wide, Narrow })
        {
            var page = await NewPageAsync(width);
            await foreach (var (screen, control) in ScreensAsync(page, prefix, width))
            {
                var stops = await TabThroughAsync(page);

                stops.Select(s => s.Name).Should().Contain(control, $"Tab reaches the {screen} screen's content at {width} px");
                stops.Where(s => !s.Indicator).Select(s => s.Name).Should().BeEmpty(
                    $"every focused control of the {screen} screen at {width} px shows an outline or a shadow");
                stops.Where(s => s.Indicator && s.IndicatorContrast < 3).Select(s => $"{s.Name} ({s.IndicatorContrast:0.00}:1)").Should().BeEmpty(
                    $"the focus indicator of the {screen} screen at {width} px stands out 3:1 from what surrounds it");
                OutOfOrder(stops).Should().BeEmpty($"Tab on the {screen} screen at {width} px goes top to bottom, left to right");
            }

            await page.Context.CloseAsync();
        }
    }

    [SkippableFact]
    public async Task Every_text_on_every_screen_has_at_least_4_5_to_1_contrast_against_its_background()
    {
        var prefix = await ScreensUserAsync();
        foreach (var width in new[] { Wide, Narrow })
        {
            var page = await NewPageAsync(width);
            await foreach (var (screen, _) in ScreensAsync(page, prefix, width))
            {
                var failures = await page.EvaluateAsync<string[]>(Script("contrast"));

                failures.Should().BeEmpty($"every text of the {screen} screen at {width} px has 4.5:1 contrast (WCAG 1.4.3 AA)");
            }

            await page.Context.CloseAsync();
        }
    }

    /// <summary>Pairs of consecutive stops where the second lies above the first, or on the same line to its left.</summary>
    private static List<string> OutOfOrder(IReadOnlyList<FocusStop> stops)
    {
        var wrong = new List<string>();
        for (var i = 1; i < stops.Count; i++)
        {
            var (before, after) = (stops[i - 1], stops[i]);
            var above = after.Bottom <= before.Top + 1;
            var sameLine = after.Top < before.Bottom - 1 && after.Bottom > before.Top + 1;
            if (above || (sameLine && after.Right <= before.Left + 1))
            {
                wrong.Add($"{before.Name} ({before.Left:0},{before.Top:0}) → {after.Name} ({after.Left:0},{after.Top:0})");
            }
        }

        return wrong;
    }

    /// <summary>
    /// Starts from nothing focused and presses Tab until focus leaves the page or comes back to a stop; the positions are
    /// read at the end, all at once, so that scrolling on the way does not skew them.
    /// </summary>
    private static async Task<IReadOnlyList<FocusStop>> TabThroughAsync(IPage page)
    {
        await page.EvaluateAsync(Script("focus-reset"));
        var stops = new List<JObject>();
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<string?>(Script("focus-stop"));
            if (stop is null)
            {
                break;
            }

            stops.Add(JObject.Parse(stop));
        }

        // A control the page re-rendered since it was visited keeps the position it had then.
        var positions = JArray.Parse(await page.EvaluateAsync<string>(Script("focus-positions"))).ToDictionary(p => (int)p["step"]!);
        return stops.Select(s =>
        {
            var at = positions.GetValueOrDefault((int)s["step"]!) ?? s["position"]!;
            return new FocusStop(
                (string)s["name"]!, (bool)s["indicator"]!, (double)s["indicatorContrast"]!,
                (double)at["left"]!, (double)at["top"]!, (double)at["right"]!, (double)at["bottom"]!);
        }).ToList();
    }

    /// <summary>
    /// The screens of the page in turn (sign-in, users, user panel, groups, access review, upload), each with the id of
    /// a control of its content that Tab must reach.
    /// </summary>
    private async IAsyncEnumerable<(string Screen, string Control)> ScreensAsync(IPage page, string prefix, int width)
    {
        await page.GotoAsync(server.BaseUrl + "/admin/ui/");
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        yield return ("sign-in", "signin-password");

        await SignInAsync(page, $"{prefix}-admin@x.example");
        await Expect(page.Locator("#users")).ToBeVisibleAsync();
        await page.GetByLabel("Search by user name, email, name or external id").FillAsync(prefix);
        await Expect(page.Locator("#users-total")).ToHaveTextAsync(new Regex("^3 users"));
        yield return ("users", "page-size");

        await OpenUserAsync(page, $"{prefix}-ben@x.example");
        yield return ("user panel", "u-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the user panel" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Groups", Exact = true }).ClickAsync();
        await page.GetByLabel("Search groups by display name").FillAsync($"{prefix} Keys");
        await Expect(page.Locator("#groups-table tbody tr")).ToHaveCountAsync(1);
        yield return ("groups", "group-search");

        await page.GetByRole(AriaRole.Button, new() { Name = "Access review", Exact = true }).ClickAsync();
        await page.Locator("#access-organization").FillAsync("north");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"History of {prefix}-ben@x.example" }).First).ToBeVisibleAsync();

        // Every row is of north once the organization filter has been applied, not just typed.
        await Expect(page.Locator("#access-table tbody tr").Filter(new() { HasNotText = "north" })).ToHaveCountAsync(0);
        yield return ("access review", "access-export");

        await page.GetByRole(AriaRole.Button, new() { Name = "Users", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("Update existing users").CheckAsync();
        var csv = $"userName,email\n{prefix}-ben@x.example,{prefix}-ben@x.example\n{prefix}-new{width}@x.example,not-an-email\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Expect(page.Locator("#upload-summary")).ToHaveTextAsync("2 rows: 0 ready, 1 unchanged, 1 with errors (not sent).");
        yield return ("upload", "upload-upsert");
    }

    private async Task<string> ScreensUserAsync()
    {
        var prefix = Prefix();
        await server.CreateUserAsync($"{prefix}-admin@x.example", ["TenantAdmin"], ["north"], givenName: "Ada", familyName: "Admin");
        var ben = await server.CreateUserAsync($"{prefix}-ben@x.example", ["Analyst", "Developer"], ["north"], givenName: "Ben", familyName: "Baker");
        await server.CreateUserAsync($"{prefix}-cleo@x.example", ["ITAdmin"], ["south"], active: false, givenName: "Cleo", familyName: "Cole");
        await server.CreateGroupAsync($"{prefix} Keys", ben);
        return prefix;
    }

    /// <summary>A script of Scripts/ as a function for <c>EvaluateAsync</c>, with the colour helpers in scope.</summary>
    private static string Script(string name)
    {
        string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scripts", file + ".js"));
        return $"() => {{\n{Read("colours")}\n{Read(name)}\n}}";
    }

    private sealed record FocusStop(string Name, bool Indicator, double IndicatorContrast, double Left, double Top, double Right, double Bottom);
}
