using ScimServer.Testing;

namespace ScimServer.Conformance.Tests;

/// <summary>
/// The built server (src/ScimServer) run as its own process on a free loopback port, with the embedded SQLite
/// store in a temporary folder and known tokens: the suite then talks to it over HTTP like to any other server.
/// </summary>
public sealed class LoopbackServer : IAsyncLifetime
{
    public const string Token = "conformance-tenant-token-0123456789abcdef";
    private const string AdminToken = "conformance-admin-token-0123456789abcdef";

    private ServerProcess? _server;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public string Output => _server?.Output ?? "";

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartWithTokensAsync(Token, AdminToken);
        BaseUrl = new Uri(_server.BaseUrl + "/scim/v2");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
