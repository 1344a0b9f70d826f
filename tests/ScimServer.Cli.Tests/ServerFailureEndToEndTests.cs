using ScimServer.Testing;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Tests.Infrastructure;

namespace ScimServer.Cli.Tests;

/// <summary>
/// A server that fails mid-import: a stand-in on loopback that accepts the first Bulk request and answers the second
/// with 500, since the real server cannot be made to fail on cue.
/// </summary>
public sealed class ServerFailureEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scimctl-failure-").FullName;

    [Fact]
    public async Task A_server_error_mid_import_exits_4_with_every_failed_and_unsent_row_in_the_failures_file()
    {
        using var listener = new HttpListener();
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}/";
        listener.Prefixes.Add(url);
        listener.Start();
        var bulkRequests = 0;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                var path = context.Request.Url!.AbsolutePath;
                JObject body;
                if (path.EndsWith("/ServiceProviderConfig", StringComparison.Ordinal))
                {
                    body = JObject.Parse("""{ "bulk": { "supported": true, "maxOperations": 2, "maxPayloadSize": 1048576 }, "filter": { "maxResults": 100 } }""");
                }
                else if (Interlocked.Increment(ref bulkRequests) == 1)
                {
                    var request = JObject.Parse(await new StreamReader(context.Request.InputStream).ReadToEndAsync());
                    body = new JObject
                    {
                        ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkResponse"),
                        ["Operations"] = new JArray(request["Operations"]!.Select(o => new JObject
                        {
                            ["method"] = "POST", ["bulkId"] = o["bulkId"], ["status"] = "201", ["location"] = $"{url}scim/v2/Users/{o["bulkId"]}",
                        })),
                    };
                }
                else
                {
                    context.Response.StatusCode = 500;
                    body = JObject.Parse("""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "500", "detail": "The store is down." }""");
                }

                var bytes = Encoding.UTF8.GetBytes(body.ToString());
                context.Response.ContentType = "application/scim+json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
        var file = Path.Combine(_directory, "users.csv");
        await File.WriteAllTextAsync(file, "userName,title\na@example.com,x\nb@example.com,x\nc@example.com,x\nd@example.com,x\ne@example.com,x\n");
        var failures = Path.Combine(_directory, "failures.csv");

        var result = await Scimctl.RunAsync(_directory, "--url", url.TrimEnd('/'), "--token", "t", "import", file, "--failures", failures);

        listener.Stop();
        await serving;
        result.ExitCode.Should().Be(4, result.ToString());
        result.Error.Should().Contain("500").And.Contain("The store is down.");
        result.Output.Should().MatchRegex(@"created\s*│\s*2").And.MatchRegex(@"failed\s*│\s*3");
        var lines = File.ReadAllLines(failures);
        lines[0].Should().Be("userName,title,row,status,error");
        lines.Skip(1).Select(l => l.Split(',')[0]).Should().Equal("c@example.com", "d@example.com", "e@example.com");
        lines.Skip(1).Should().OnlyContain(l => l.Contains(",unsent,", StringComparison.Ordinal));
        bulkRequests.Should().Be(2, "sending stops at the first failed chunk");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
