using System.CommandLine;
using Spectre.Console;

namespace ScimServer.Cli.Commands;

/// <summary>The scimctl command tree and its entry point.</summary>
internal static class Scimctl
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error)
    {
        var global = new GlobalOptions();
        Task<int> Run(ParseResult parse, Func<CommandContext, Task<int>> handler, CancellationToken cancellationToken) =>
            CommandContext.RunAsync(console, error, parse, global, handler);

        var root = new RootCommand("scimctl: tenants, tokens, CSV import and HR sync for a SCIM 2.0 server, through /Bulk")
        {
            global.Url,
            global.Token,
            ImportCommand.Create(Run),
            SyncCommand.Create(Run),
            UserCommands.Roles(Run),
            UserCommands.ServiceAccounts(Run),
            UserCommands.Users(Run),
            AdminCommands.Tenants(Run),
            AdminCommands.Tokens(Run),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run scimctl --help for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Error = error });
    }
}
