using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScimServer.Conformance.Tests;

/// <summary>
/// The built server (src/ScimServer) run as its own process on a free loopback port, with the embedded SQLite
/// store in a temporary folder and known tokens: the suite then talks to it over HTTP like to any other server.
/// </summary>
public sealed class LoopbackServer : IAsyncLifetime
{
    public const string Token = "conformance-tenant-token-0123456789abcdef";
    private const string AdminToken = "conformance-admin-token-0123456789abcdef";

    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "scim-conformance-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var root = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssemblyPath());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(root);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Scim__", StringComparison.Ordinal) || k.StartsWith("Storage__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["Scim__BootstrapToken"] = Token;
        start.Environment["Scim__AdminToken"] = AdminToken;
        start.Environment["Storage__SqlitePath"] = Path.Combine(_dataDirectory, "scim.db");

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = new Uri(root + "/scim/v2");
        await WaitUntilListeningAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some systems: the temp folder is left for the OS to clean.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/ServiceProviderConfig");
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not start listening within 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>src/ScimServer's build output for this test project's configuration and framework.</summary>
    private static string ServerAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ScimServer.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "src", "ScimServer", "bin", configuration, framework, "ScimServer.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/ScimServer first.", path);
    }
}
