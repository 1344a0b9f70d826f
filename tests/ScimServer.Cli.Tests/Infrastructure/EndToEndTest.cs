namespace ScimServer.Cli.Tests.Infrastructure;

/// <summary>Base of the end-to-end tests: a working directory of the test's own, and scimctl run against the server.</summary>
public abstract class EndToEndTest(ServerFixture server) : IDisposable
{
    protected ServerFixture Server => server;

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("scimctl-test-").FullName;

    protected void SkipWithoutBulk() =>
        Skip.If(!server.BulkSupported, "The server's ServiceProviderConfig says bulk.supported is false: scimctl sends users through /Bulk.");

    protected string WriteCsv(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    protected Task<ScimctlResult> RunAsync(string token, params string[] args) =>
        Scimctl.RunAsync(Directory, ["--url", server.BaseUrl, "--token", token, .. args]);

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
