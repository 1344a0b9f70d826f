using ScimServer.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Redirected output (a log, a pipe, a test) has no width; keep table rows and messages on one line each.
    console.Profile.Width = 240;
}

return await Scimctl.RunAsync(args, console, Console.Error);
