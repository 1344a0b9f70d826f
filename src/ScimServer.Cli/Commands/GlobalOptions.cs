using System.CommandLine;

namespace ScimServer.Cli.Commands;

/// <summary><c>--url</c> and <c>--token</c>, on every command, with <c>SCIMCTL_URL</c> / <c>SCIMCTL_TOKEN</c> as defaults.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The server's base URL, e.g. http://127.0.0.1:5000 (default: $SCIMCTL_URL); /scim/v2 and /admin are appended",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCIMCTL_URL"),
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token: a tenant token, or the server-admin token for tenants/tokens (default: $SCIMCTL_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCIMCTL_TOKEN"),
    };
}
