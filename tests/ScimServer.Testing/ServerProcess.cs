using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScimServer.Testing;

/// <summary>
/// The built server (src/ScimServer, same configuration as the tests) run as its own process on a free loopback port,
/// as a user runs it: for the start-up contract, scimctl's end-to-end tests and the conformance suite.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _ownedDirectory;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string baseUrl, string? ownedDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        _ownedDirectory = ownedDirectory;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c> (SCIM is under <c>/scim/v2</c>).</summary>
    public string BaseUrl { get; }

    /// <summary>Everything the server printed so far (standard output and error).</summary>
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

    /// <summary>
    /// Starts the server in <paramref name="workingDirectory"/> with only the given <c>Scim__*</c> / <c>Storage__*</c>
    /// settings (those of the test process are removed), and waits until it answers.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string workingDirectory, IDictionary<string, string>? environment = null) =>
        StartAsync(workingDirectory, environment, ownsDirectory: false);

    /// <summary>Starts a server on a fresh data file in a temporary folder (deleted on dispose) with known tokens.</summary>
    public static Task<ServerProcess> StartWithTokensAsync(string bootstrapToken, string adminToken)
    {
        var directory = Directory.CreateTempSubdirectory("scim-server-").FullName;
        return StartAsync(
            directory,
            new Dictionary<string, string>
            {
                ["Scim__BootstrapToken"] = bootstrapToken,
                ["Scim__AdminToken"] = adminToken,
                ["Storage__SqlitePath"] = Path.Combine(directory, "scim.db"),
            },
            ownsDirectory: true);
    }

    /// <summary>The value printed after <paramref name="marker"/> on one console line, or null.</summary>
    public string? PrintedValueAfter(string marker) =>
        Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim()
            : null;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root: the folder holding ScimServer.sln above the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ScimServer.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("ScimServer.sln not found above the test output.");
    }

    /// <summary>A project's own build output, in the configuration and framework of the running tests.</summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var path = Path.Combine(RepositoryRoot(), projectFolder, "bin", testOutput.Parent!.Name, testOutput.Name, assemblyName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectFolder} first.", path);
    }

    /// <summary>Ends the server as <c>kill -9</c> does (SIGKILL on Linux): no shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownedDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the temporary folder is left for the OS to clean.
            }
        }
    }

    private static async Task<ServerProcess> StartAsync(string workingDirectory, IDictionary<string, string>? environment, bool ownsDirectory)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltAssembly(Path.Combine("src", "ScimServer"), "ScimServer.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Scim__", StringComparison.Ordinal) || k.StartsWith("Storage__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, baseUrl, ownsDirectory ? workingDirectory : null);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync();
        return server;
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
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/scim/v2/ServiceProviderConfig");
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
}
