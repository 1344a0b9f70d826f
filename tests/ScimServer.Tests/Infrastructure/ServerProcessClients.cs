using ScimServer.Testing;

namespace ScimServer.Tests.Infrastructure;

public static class ServerProcessClients
{
    /// <summary>A SCIM client for the server process, acting with <paramref name="token"/>.</summary>
    public static ScimClient Client(this ServerProcess server, string token) =>
        new(new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) }, token, "/scim/v2");
}
