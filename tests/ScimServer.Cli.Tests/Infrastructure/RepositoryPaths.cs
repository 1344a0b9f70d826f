using ScimServer.Testing;

namespace ScimServer.Cli.Tests.Infrastructure;

/// <summary>The build output the end-to-end tests run: scimctl, next to this test project's (same configuration).</summary>
internal static class RepositoryPaths
{
    public static string CliAssembly => ServerProcess.BuiltAssembly(Path.Combine("src", "ScimServer.Cli"), "ScimServer.Cli.dll");
}
