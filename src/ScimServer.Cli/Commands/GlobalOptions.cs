using System.CommandLine;

namespace ScimServer.Cli.Commands;

/// <summary>
/// <c>--url</c> and <c>--token</c>, on every command, with <c>SCIMCTL_URL</c> / <c>SCIMCTL_TOKEN</c> as defaults. The
/// defaults are read when a command runs, not given to the parser: <c>--help</c> prints a parser default's value, and
/// the token is a secret.
/// </summary>
internal sealed class GlobalOptions
{
    public const string UrlVariable = "SCIMCTL_URL";
    public const string TokenVariable = "SCIMCTL_TOKEN";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The server's URL, e.g. http://127.0.0.1:5000, or its SCIM base URL ending in /scim/v2 (default: $SCIMCTL_URL)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token: a tenant token, or the server-admin token for tenants/tokens (default: $SCIMCTL_TOKEN)",
        Recursive = true,
    };

    /// <summary>The server's root: the given URL without a trailing <c>/scim/v2</c> (what an IdP calls the Tenant URL).</summary>
    public static string? ServerRoot(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var root = url.Trim().TrimEnd('/');
        return root.EndsWith("/scim/v2", StringComparison.OrdinalIgnoreCase) ? root[..^"/scim/v2".Length] : root;
    }
}
