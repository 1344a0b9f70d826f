using System.Diagnostics;

namespace ScimServer.Cli.Tests.Infrastructure;

/// <summary>Runs the built scimctl (<c>dotnet ScimServer.Cli.dll …</c>) as a user does, capturing its output and exit code.</summary>
public static class Scimctl
{
    public static Task<ScimctlResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs scimctl with these environment variables (SCIMCTL_URL and SCIMCTL_TOKEN are unset otherwise).</summary>
    public static async Task<ScimctlResult> RunAsync(string workingDirectory, IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.CliAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("SCIMCTL_URL");
        start.Environment.Remove("SCIMCTL_TOKEN");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scimctl {string.Join(' ', args)} did not finish within 5 minutes.");
        }

        return new ScimctlResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record ScimctlResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
