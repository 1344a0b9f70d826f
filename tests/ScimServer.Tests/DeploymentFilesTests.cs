using ScimServer.Testing;
using YamlDotNet.RepresentationModel;

namespace ScimServer.Tests;

/// <summary>What the deployment files promise (no Docker engine here to run them): the compose file parsed as YAML.</summary>
public sealed class DeploymentFilesTests
{
    private static readonly YamlMappingNode Services = (YamlMappingNode)LoadCompose()["services"];

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static YamlMappingNode LoadCompose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "docker-compose.yml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

    private static IReadOnlyList<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? [.. ((YamlSequenceNode)value).Children.Select(item => ((YamlScalarNode)item).Value ?? "")] : [];

    private static YamlMappingNode Environment(string service) => (YamlMappingNode)Service(service)["environment"];

    [Fact]
    public void Docker_compose_refuses_to_start_without_its_tokens_signing_key_and_mongodb_password()
    {
        // ${VAR:?message}: compose stops with the message when VAR is unset or empty; no default secret is shipped.
        var server = Environment("server");
        Scalar(server, "Scim__BootstrapToken").Should().StartWith("${SCIM_BOOTSTRAP_TOKEN:?");
        Scalar(server, "Scim__AdminToken").Should().StartWith("${SCIM_ADMIN_TOKEN:?");
        Scalar(server, "Scim__JwtSigningKey").Should().StartWith("${SCIM_JWT_SIGNING_KEY:?");
        Scalar(Environment("mongo"), "MONGO_INITDB_ROOT_PASSWORD").Should().StartWith("${MONGO_ROOT_PASSWORD:?");
        File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "docker-compose.yml")).Should().NotContain("change-me");
    }

    [Fact]
    public void MongoDB_runs_with_authentication_and_a_replica_set_keyfile_and_the_server_connects_with_credentials()
    {
        var mongo = Service("mongo");
        var command = Sequence(mongo, "command");
        command.Should().ContainInOrder("--replSet", "rs0");
        var keyFile = command[command.ToList().IndexOf("--keyFile") + 1];
        keyFile.Should().Be("/keyfile/rs0.key");
        Sequence(mongo, "volumes").Should().Contain("mongo-keyfile:/keyfile:ro");
        Scalar(Environment("mongo"), "MONGO_INITDB_ROOT_USERNAME").Should().Be("root");

        // The keyfile exists before mongod starts, readable by its owner (the image's mongodb user) only.
        var keyfileStep = Service("mongo-keyfile");
        Sequence(keyfileStep, "volumes").Should().Contain("mongo-keyfile:/keyfile");
        string.Join(' ', Sequence(keyfileStep, "entrypoint")).Should().Contain("chown 999:999 " + keyFile).And.Contain("chmod 400 " + keyFile);
        Scalar((YamlMappingNode)((YamlMappingNode)mongo["depends_on"])["mongo-keyfile"], "condition").Should().Be("service_completed_successfully");

        // The health check initiates the replica set, so it must authenticate too.
        string.Join(' ', Sequence((YamlMappingNode)mongo["healthcheck"], "test")).Should().Contain("-u root").And.Contain("--authenticationDatabase admin");

        Scalar(Environment("server"), "ConnectionStrings__MongoDb").Should()
            .StartWith("mongodb://root:${MONGO_ROOT_PASSWORD:?").And.Contain("@mongo:27017/").And.Contain("replicaSet=rs0").And.Contain("authSource=admin");
    }

    [Fact]
    public void Nothing_but_the_server_port_is_published()
    {
        foreach (var (name, service) in Services.Children.Select(s => (((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value)))
        {
            Sequence(service, "ports").Should().BeEquivalentTo(name == "server" ? ["8080:8080"] : Array.Empty<string>(), $"service {name}");
            Scalar(service, "network_mode").Should().NotBe("host", $"service {name}");
        }
    }

    [Theory]
    [InlineData("mongo")]
    [InlineData("server")]
    public void The_long_running_services_restart_after_a_failure(string service)
    {
        Scalar(Service(service), "restart").Should().BeOneOf("on-failure", "unless-stopped", "always");
    }

    [Fact]
    public void The_docker_build_context_leaves_out_every_data_folder()
    {
        // dotnet run puts the SQLite file in src/ScimServer/data/, not at the root: a root-only "data/" let it in.
        File.ReadAllLines(Path.Combine(ServerProcess.RepositoryRoot(), ".dockerignore")).Should().Contain("**/data/").And.NotContain("data/");
    }
}
