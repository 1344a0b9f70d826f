using ScimServer.Testing;

namespace ScimServer.Tests;

/// <summary>What the deployment files promise (no Docker engine here to run them): read as text.</summary>
public sealed class DeploymentFilesTests
{
    [Fact]
    public void Docker_compose_refuses_to_start_without_its_tokens_and_signing_key()
    {
        var compose = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "docker-compose.yml"));

        // ${VAR:?message}: compose stops with the message when VAR is unset or empty; no default token is shipped.
        compose.Should().Contain("Scim__BootstrapToken: ${SCIM_BOOTSTRAP_TOKEN:?")
            .And.Contain("Scim__AdminToken: ${SCIM_ADMIN_TOKEN:?")
            .And.Contain("Scim__JwtSigningKey: ${SCIM_JWT_SIGNING_KEY:?")
            .And.NotContain("change-me");
    }

    [Fact]
    public void The_docker_build_context_leaves_out_every_data_folder()
    {
        // dotnet run puts the SQLite file in src/ScimServer/data/, not at the root: a root-only "data/" let it in.
        File.ReadAllLines(Path.Combine(ServerProcess.RepositoryRoot(), ".dockerignore")).Should().Contain("**/data/").And.NotContain("data/");
    }
}
