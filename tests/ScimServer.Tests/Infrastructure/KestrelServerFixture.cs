using ScimServer.Testing;

namespace ScimServer.Tests.Infrastructure;

/// <summary>One real server process (Kestrel on loopback) shared by a test class, with known tokens.</summary>
public sealed class KestrelServerFixture : IAsyncLifetime
{
    public const string TenantToken = "kestrel-tenant-token";
    public const string AdminToken = "kestrel-admin-token";

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartWithTokensAsync(TenantToken, AdminToken);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
