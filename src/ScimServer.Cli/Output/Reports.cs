using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using ScimServer.Cli.Sync;

namespace ScimServer.Cli.Output;

/// <summary>The tables scimctl prints.</summary>
internal static class Reports
{
    /// <summary>How many failures the console lists; the failures file has them all.</summary>
    public const int MaxFailuresShown = 20;

    public static void Summary(IAnsiConsole console, params (string Label, int Count)[] counts)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn(new TableColumn("count").RightAligned());
        foreach (var (label, count) in counts)
        {
            table.AddRow(Markup.Escape(label), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    public static void Failures(IAnsiConsole console, string subject, IReadOnlyList<(string Who, string Status, string Error)> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn(subject).AddColumn("status").AddColumn("error");
        foreach (var (who, status, error) in failures.Take(MaxFailuresShown))
        {
            table.AddRow(Markup.Escape(who), Markup.Escape(status), Markup.Escape(error));
        }

        console.Write(table);
        if (failures.Count > MaxFailuresShown)
        {
            console.MarkupLine($"[grey]… and {failures.Count - MaxFailuresShown} more.[/]");
        }
    }

    /// <summary>The sync plan as a diff: key, action, attribute, old → new.</summary>
    public static void Plan(IAnsiConsole console, SyncPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("key").AddColumn("action").AddColumn("attribute").AddColumn("old → new");
        foreach (var change in plan.Changes.Where(c => c.Kind != ChangeKind.Unchanged).OrderBy(c => c.Kind).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var action = change.Kind switch
            {
                ChangeKind.Create => "[green]create[/]",
                ChangeKind.Update => "[yellow]update[/]",
                _ => "[red]deactivate[/]",
            };
            if (change.Kind == ChangeKind.Create)
            {
                var values = change.Row!.Values().Where(v => v.Column.Kind != ScimServer.Core.Import.ImportColumnKind.Secret).ToList();
                foreach (var (column, value) in values)
                {
                    table.AddRow(Markup.Escape(change.Key), action, Markup.Escape(column.Name), Markup.Escape($"→ {Show(value)}"));
                }

                continue;
            }

            foreach (var attribute in change.Changes)
            {
                table.AddRow(Markup.Escape(change.Key), action, Markup.Escape(attribute.Column.Name),
                    Markup.Escape($"{Show(attribute.Old)} → {Show(attribute.New)}"));
            }
        }

        console.Write(table);
    }

    public static string Show(JToken? value) => value switch
    {
        null or { Type: JTokenType.Null } => "(none)",
        JArray list => string.Join(";", list.Select(v => (string?)v)),
        JObject { } reference when reference["value"] is { } id => (string?)id ?? "",
        JValue { Type: JTokenType.Boolean } flag => (bool)flag ? "true" : "false",
        JValue text => text.ToString(Formatting.None).Trim('"'),
        _ => value.ToString(Formatting.None),
    };
}
