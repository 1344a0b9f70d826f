using ScimServer.Conformance;
using ScimServer.Conformance.Reports;
using ScimServer.Conformance.Running;

// Exit codes: 0 nothing failed, 1 a scenario failed, 2 bad arguments.
var commandLine = CommandLine.Parse(args, out var error);
if (commandLine is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var report = await ConformanceRunner.RunAsync(commandLine.Options);
ConsoleReport.Write(report, Console.Out);
if (commandLine.ReportPath is { } markdown)
{
    await File.WriteAllTextAsync(markdown, MarkdownReport.Render(report, commandLine.Title));
}

if (commandLine.JsonPath is { } json)
{
    await File.WriteAllTextAsync(json, JsonReport.Render(report));
}

return report.Failed == 0 ? 0 : 1;
