using System.CommandLine;
using ScimServer.Cli.Scim;

namespace ScimServer.Cli.Commands;

/// <summary><c>roles assign|remove</c>, <c>service-accounts promote</c> and <c>users deactivate</c>: PATCH by filter through Bulk.</summary>
internal static class UserCommands
{
    public static Command Roles(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var roles = new Command("roles", "Add or remove a role of every user a filter matches");
        foreach (var (name, description, assign) in new[] { ("assign", "Add the role", true), ("remove", "Remove the role", false) })
        {
            var role = new Option<string>("--role") { Description = "The role name (from the tenant's catalog)", Required = true };
            var filter = FilterOption();
            var command = new Command(name, description) { role, filter };
            command.SetAction((parse, cancellationToken) => run(parse, context =>
            {
                var value = context.Get(role).Trim();
                var patch = assign ? PatchOps.AddRole(value) : PatchOps.RemoveRole(value);
                return UserPatch.RunAsync(context, context.Get(filter), assign ? $"Assigning {value}" : $"Removing {value}", patch, cancellationToken);
            }, cancellationToken));
            roles.Subcommands.Add(command);
        }

        return roles;
    }

    public static Command ServiceAccounts(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var homeTenant = new Option<string>("--home-tenant") { Description = "The tenant the service accounts belong to", Required = true };
        var filter = FilterOption();
        var promote = new Command("promote", "Make every user a filter matches a service account of a home tenant") { homeTenant, filter };
        promote.SetAction((parse, cancellationToken) => run(parse, context =>
            UserPatch.RunAsync(context, context.Get(filter), "Promoting", PatchOps.PromoteServiceAccount(context.Get(homeTenant).Trim()), cancellationToken),
            cancellationToken));
        return new Command("service-accounts", "Service accounts") { promote };
    }

    public static Command Users(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var filter = FilterOption();
        var deactivate = new Command("deactivate", "Set active=false on every user a filter matches (nothing is deleted)") { filter };
        deactivate.SetAction((parse, cancellationToken) => run(parse, context =>
            UserPatch.RunAsync(context, context.Get(filter), "Deactivating", PatchOps.Deactivate(), cancellationToken), cancellationToken));
        return new Command("users", "Users") { deactivate };
    }

    private static Option<string> FilterOption() =>
        new("--filter") { Description = "A SCIM filter (RFC 7644 §3.4.2.2) selecting the users, e.g. 'title eq \"Engineer\"'", Required = true };
}
