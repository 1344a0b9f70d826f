using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Bulk;
using ScimServer.Core.Projection;
using ScimServer.Core.Resources;

namespace ScimServer.Benchmarks;

/// <summary>
/// Issue 7's speed promise: a Bulk request of 1,000 user creations against the same 1,000 users created one POST at
/// a time (through the same service, on SQLite with a durable commit per write). Reported per operation.
/// </summary>
[MemoryDiagnoser]
public class BulkBenchmarks
{
    private const int Users = 1000;

    private BenchmarkServer _server = null!;
    private BulkProcessor _bulk = null!;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        _server = new BenchmarkServer();
        _bulk = new BulkProcessor(_server.Service, new ScimOptions());
    }

    [GlobalCleanup]
    public void Cleanup() => _server.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Users, Description = "1,000 x POST /Users (per user)")]
    public async Task OnePostAtATimeAsync()
    {
        var run = Interlocked.Increment(ref _run);
        var type = _server.Registry.GetResourceType(ScimResourceTypes.User);
        for (var i = 0; i < Users; i++)
        {
            var created = await _server.Service.CreateAsync(_server.Context, type, User(run, i), AttributeSelection.Default, CancellationToken.None);
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException(created.Error.Detail);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Users, Description = "POST /Bulk of 1,000 creations (per user)")]
    public async Task BulkAsync()
    {
        var run = Interlocked.Increment(ref _run);
        var request = new JObject
        {
            ["schemas"] = new JArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = new JArray(Enumerable.Range(0, Users).Select(i => new JObject
            {
                ["method"] = "POST",
                ["path"] = "/Users",
                ["bulkId"] = $"u{i}",
                ["data"] = User(run, i),
            })),
        };
        var response = await _bulk.ProcessAsync(_server.Context, request, CancellationToken.None);
        if (!response.IsSuccess || response.Value.Value<JArray>("Operations")!.Any(o => (string?)o["status"] != "201"))
        {
            throw new InvalidOperationException("A Bulk creation failed.");
        }
    }

    private static JObject User(int run, int i) => new()
    {
        ["schemas"] = new JArray("urn:ietf:params:scim:schemas:core:2.0:User"),
        ["userName"] = $"run{run}-user{i}@bench.example",
        ["name"] = new JObject { ["givenName"] = "Bench", ["familyName"] = $"User {i}" },
        ["emails"] = new JArray(new JObject { ["value"] = $"run{run}-user{i}@bench.example", ["type"] = "work", ["primary"] = true }),
    };
}
