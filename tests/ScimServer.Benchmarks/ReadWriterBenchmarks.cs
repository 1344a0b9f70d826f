using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Benchmarks;

/// <summary>
/// Issue 12's read path without HTTP or a store: a page of 100 users, and one user in 12 groups, written from their
/// stored text as the load benchmark stores them (Bulk-loaded users, a department group each, a group of thousands for
/// some), with <c>groups</c> rendered. The server's CPU per read measured over HTTP on the shared 2-core machine varies
/// by a third from one burst to the next; this isolates the writer's part of it.
/// </summary>
[MemoryDiagnoser]
public class ReadWriterBenchmarks
{
    private const string Prefix = "http://127.0.0.1:5000/scim/v2/Groups/";

    private readonly ScimRequestContext _context = new("bench", "http://127.0.0.1:5000/scim/v2");
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private ResourceTypeDefinition _users = null!;
    private ResourceJsonLayout _layout = null!;
    private StoredResource[] _page = null!;
    private MembershipValues _pageGroups = null!;
    private StoredResource[] _one = null!;
    private MembershipValues _oneGroups = null!;

    [GlobalSetup]
    public void Setup()
    {
        _users = SchemaRegistry.LoadEmbedded().GetResourceType(ScimResourceTypes.User);
        _layout = new ResourceJsonLayout(_users);
        var groupsAttribute = _users.Schema.Attributes.Single(a => a.Name == SchemaRegistry.GroupsAttribute);
        var dept = Guid.CreateVersion7().ToString();
        var all = Guid.CreateVersion7().ToString();
        _page = Enumerable.Range(700, 100).Select(User).ToArray();
        _pageGroups = new MembershipValues(groupsAttribute, _page.ToDictionary(
            u => u.Id,
            u => new List<MembershipValue> { new(dept, Prefix, "Dept 7", "direct"), new(all, Prefix, "All staff 20000", "direct") }));

        _one = [User(0)];
        _oneGroups = new MembershipValues(groupsAttribute, new Dictionary<string, List<MembershipValue>>
        {
            [_one[0].Id] = Enumerable.Range(0, 12)
                .Select(i => new MembershipValue(Guid.CreateVersion7().ToString(), Prefix, $"Nested {i}", i < 2 ? "direct" : "indirect"))
                .ToList(),
        });
    }

    [Benchmark(Description = "page of 100 users with groups")]
    public int Page() => Write(_page, _pageGroups);

    [Benchmark(Description = "one user in 12 groups (GET by id)")]
    public int One() => Write(_one, _oneGroups);

    private int Write(StoredResource[] resources, MembershipValues groups)
    {
        _buffer.ResetWrittenCount();
        var resourceWriter = new ResourceJsonWriter(_layout, AttributeSelection.Default, _context);
        using (var writer = new Utf8JsonWriter(_buffer, ScimJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var resource in resources)
            {
                resourceWriter.Write(writer, resource, groups);
            }

            writer.WriteEndArray();
        }

        return _buffer.WrittenCount;
    }

    private static StoredResource User(int i) => new()
    {
        Tenant = "bench",
        ResourceType = ScimResourceTypes.User,
        Id = Guid.CreateVersion7().ToString(),
        Version = 1,
        Created = DateTimeOffset.UtcNow,
        LastModified = DateTimeOffset.UtcNow,
        DocumentJson = Encoding.UTF8.GetBytes(
            $$$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:access:2.0:User"],"userName":"user{{{i}}}@bench.example","externalId":"ext-{{{i}}}","name":{"givenName":"Given{{{i}}}","familyName":"Family{{{i}}}"},"displayName":"Display User {{{i}}}","emails":[{"value":"u{{{i}}}@mail.example","type":"work","primary":true},{"value":"home{{{i}}}@home.example","type":"home"}],"active":true,"ext":{"access":{"roles":["Analyst"]}},"roles":[{"value":"Analyst"}]}"""),
    };
}
