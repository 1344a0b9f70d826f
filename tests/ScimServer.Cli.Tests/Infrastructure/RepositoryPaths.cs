namespace ScimServer.Cli.Tests.Infrastructure;

/// <summary>The build outputs the end-to-end tests run, next to this test project's (same configuration and framework).</summary>
internal static class RepositoryPaths
{
    public static string ServerAssembly => Output("ScimServer", "ScimServer.dll");

    public static string CliAssembly => Output("ScimServer.Cli", "ScimServer.Cli.dll");

    private static string Output(string project, string assembly)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ScimServer.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "src", project, "bin", configuration, framework, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first.", path);
    }
}
