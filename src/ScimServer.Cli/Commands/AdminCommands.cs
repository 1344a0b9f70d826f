using System.CommandLine;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace ScimServer.Cli.Commands;

/// <summary><c>tenants create|list</c> and <c>tokens create|list|revoke</c> against the admin API (server-admin token).</summary>
internal static class AdminCommands
{
    public static Command Tenants(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        var id = new Option<string>("--id") { Description = "The tenant id (lowercase letters, digits, dashes)", Required = true };
        var name = new Option<string?>("--name") { Description = "The tenant's display name (default: the id)" };
        var firstAdmin = new Option<string?>("--first-admin") { Description = "The userName (sign-up email) of the first admin, who gets TenantAdmin" };
        var create = new Command("create", "Create a tenant") { id, name, firstAdmin };
        create.SetAction((parse, cancellationToken) => run(parse, async context =>
        {
            var tenant = await context.Admin().CreateTenantAsync(context.Get(id), parse.GetValue(name) ?? context.Get(id), parse.GetValue(firstAdmin), cancellationToken);
            context.Console.WriteLine($"Created tenant {(string?)tenant["id"]} ({(string?)tenant["name"]}).");
            if (tenant["firstAdmin"] is JObject admin)
            {
                context.Console.WriteLine($"First admin: {(string?)admin["userName"]} (id {(string?)admin["id"]}).");
            }

            return ExitCodes.Success;
        }, cancellationToken));

        var list = new Command("list", "List the tenants");
        list.SetAction((parse, cancellationToken) => run(parse, async context =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "created", "roles", "organizations");
            foreach (var tenant in await context.Admin().TenantsAsync(cancellationToken))
            {
                table.AddRow(Cells(tenant["id"], tenant["name"], tenant["created"],
                    string.Join(", ", tenant["roles"]?.Select(r => (string?)r["name"]) ?? []),
                    string.Join(", ", tenant["organizations"]?.Select(o => (string?)o) ?? [])));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));

        return new Command("tenants", "Tenants (admin API)") { create, list };
    }

    public static Command Tokens(Func<ParseResult, Func<CommandContext, Task<int>>, CancellationToken, Task<int>> run)
    {
        Option<string> Tenant() => new("--tenant") { Description = "The tenant id", Required = true };

        var createTenant = Tenant();
        var name = new Option<string>("--name") { Description = "What the token is for (shown as the actor in the audit log)", Required = true };
        var create = new Command("create", "Create a bearer token for a tenant; the secret is printed once") { createTenant, name };
        create.SetAction((parse, cancellationToken) => run(parse, async context =>
        {
            var token = await context.Admin().CreateTokenAsync(context.Get(createTenant), context.Get(name), cancellationToken);
            context.Console.WriteLine($"Created token {(string?)token["id"]} ({(string?)token["name"]}) for tenant {context.Get(createTenant)}.");
            context.Console.WriteLine("The secret is shown only now; store it:");

            // Written as plain text on a line of its own, so it can be copied or read by a script.
            Console.Out.WriteLine($"token: {(string?)token["token"]}");
            return ExitCodes.Success;
        }, cancellationToken));

        var listTenant = Tenant();
        var list = new Command("list", "List a tenant's tokens (never their secrets)") { listTenant };
        list.SetAction((parse, cancellationToken) => run(parse, async context =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "created", "expires", "revoked");
            foreach (var token in await context.Admin().TokensAsync(context.Get(listTenant), cancellationToken))
            {
                table.AddRow(Cells(token["id"], token["name"], token["created"], token["expires"], token["revoked"]));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));

        var revokeTenant = Tenant();
        var tokenId = new Option<string>("--id") { Description = "The token's id (from tokens list)", Required = true };
        var revoke = new Command("revoke", "Revoke a token; it is refused at once") { revokeTenant, tokenId };
        revoke.SetAction((parse, cancellationToken) => run(parse, async context =>
        {
            await context.Admin().RevokeTokenAsync(context.Get(revokeTenant), context.Get(tokenId), cancellationToken);
            context.Console.WriteLine($"Revoked token {context.Get(tokenId)} of tenant {context.Get(revokeTenant)}.");
            return ExitCodes.Success;
        }, cancellationToken));

        return new Command("tokens", "A tenant's bearer tokens (admin API)") { create, list, revoke };
    }

    private static string[] Cells(params object?[] values) =>
        values.Select(v => Markup.Escape(v switch { JToken token => (string?)token ?? "", null => "", _ => v.ToString() ?? "" })).ToArray();
}
