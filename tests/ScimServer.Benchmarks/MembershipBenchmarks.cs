using BenchmarkDotNet.Attributes;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Resources;
using ScimServer.Core.Storage;

namespace ScimServer.Benchmarks;

/// <summary>
/// Issue 4's scale promise: adding or removing one member costs the same for a group of 100 and of 200,000 members.
/// Each invocation is one PATCH that adds a member and one that removes it again (the group returns to its size),
/// through the resource service on the SQLite store, answering 204 as Entra ID asks.
/// </summary>
[MemoryDiagnoser]
public class MembershipBenchmarks
{
    private BenchmarkServer _server = null!;
    private string _groupId = null!;
    private string _extraUser = null!;
    private JObject _add = null!;
    private JObject _remove = null!;

    [Params(100, 200_000)]
    public int GroupSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new BenchmarkServer();
        var users = await _server.SeedUsersAsync(GroupSize + 1);
        _extraUser = users[^1];
        var group = _server.Registry.GetResourceType(ScimResourceTypes.Group);
        var created = await _server.Service.CreateAsync(_server.Context, group, Body("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"big"}"""),
            Core.Projection.AttributeSelection.Default, CancellationToken.None);
        _groupId = (string)created.Value!.Body["id"]!;

        const int Batch = 5000;
        for (var i = 0; i < GroupSize; i += Batch)
        {
            var edges = users.Skip(i).Take(Math.Min(Batch, GroupSize - i)).Select(id => new MemberEdge(id, ScimResourceTypes.User)).ToList();
            var result = await _server.Store.UpdateGroupAsync(new GroupUpdate
            {
                Tenant = BenchmarkServer.Tenant,
                GroupId = _groupId,
                Members = new MembershipChange { Add = edges },
                LastModified = DateTimeOffset.UtcNow,
            });
            if (result.Outcome != StoreOutcome.Ok)
            {
                throw new InvalidOperationException($"Seeding members failed: {result.Outcome}");
            }
        }

        _add = Body($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{_extraUser}}"}]}]}""");
        _remove = Body($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{_extraUser}}\"]"}]}""");
    }

    [GlobalCleanup]
    public void Cleanup() => _server.Dispose();

    [Benchmark(Description = "PATCH add member + PATCH remove member")]
    public async Task AddThenRemoveMemberAsync()
    {
        var group = _server.Registry.GetResourceType(ScimResourceTypes.Group);
        var added = await _server.Service.PatchAsync(_server.Context, group, _groupId, _add, ifMatch: null, selection: null, CancellationToken.None);
        var removed = await _server.Service.PatchAsync(_server.Context, group, _groupId, _remove, ifMatch: null, selection: null, CancellationToken.None);
        if (!added.IsSuccess || !removed.IsSuccess)
        {
            throw new InvalidOperationException("A membership PATCH failed.");
        }
    }

    private static JObject Body(string json) => JObject.Parse(json);
}
