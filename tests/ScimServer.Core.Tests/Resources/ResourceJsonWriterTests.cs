using System.Buffers;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Testing;

namespace ScimServer.Core.Tests.Resources;

/// <summary>
/// Reads are written from the stored text; writes still render JObjects (ResourceRenderer, MembershipRenderer,
/// AttributeSelection.Apply). Both must give the same representation, property for property and in the same order,
/// for every kind of stored value and every kind of selection.
/// </summary>
public sealed class ResourceJsonWriterTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Access = "urn:ietf:params:scim:schemas:extension:access:2.0:User";

    // nickName is "returned": "default" in our schemas; no attribute of them is "request", so the test makes one.
    private static readonly SchemaRegistry Schemas = RegistryWithNickNameReturnedOnRequest();
    private static readonly AttributeResolver Resolver = new(Schemas);
    private static readonly ScimRequestContext Context = new("acme", "https://scim.example/scim/v2");

    private const string CompactUser = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"e-1","userName":"ann@example.com","displayName":"Ann O'Neil","emails":[{"value":"ann@example.com","type":"work"}],"ext":{"enterprise":{"employeeNumber":"42"}}}""";

    private static readonly (string Id, string Json)[] StoredUsers =
    [
        ("u-full", """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                         "urn:ietf:params:scim:schemas:extension:access:2.0:User"],
             "externalId": "e-\"1\"", "userName": "zoë@example.com",
             "name": {"givenName": "Zoë", "familyName": "Ångström \"Q\" \\ back", "formatted": "Zoë Ångström"},
             "displayName": "Zoë 😀 </script> & \u0001 line\nbreak", "nickName": "Zo", "title": "Chef d'équipe", "active": true,
             "emails": [{"value": "z@example.com", "type": "work", "primary": true, "weight": 1.50},
                        {"value": "z@home.example", "type": "home"}],
             "password": "never-returned",
             "ext": {"enterprise": {"employeeNumber": "42", "department": "Ventes", "manager": {"value": "u-boss", "displayName": "Bôss"}},
                     "access": {"roles": ["Reader", "Auditor"], "primaryOrganization": "org-1",
                                "serviceAccount": {"enabled": false, "homeTenant": "acme"}}}}
            """),
        ("u-bare", """{"userName": "bare"}"""),
        ("u-odd", """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "odd", "title": null,
             "emails": ["not-an-object", {"value": "odd@example.com"}], "ext": {"enterprise": {}}}
            """),
    ];

    private static readonly (string Id, string Json)[] StoredGroups =
    [
        ("g-sales", """{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Sales \"EMEA\"", "externalId": "x-1"}"""),
        ("g-empty", """{"displayName": "Nobody"}"""),
    ];

    private static readonly GroupMember[] Members =
    [
        new("g-sales", "u-full", "User", "Zoë"),
        new("g-sales", "g-nested", "Group", null),
    ];

    private static readonly GroupMembership[] Memberships =
    [
        new("u-full", "g-sales", "Sales \"EMEA\"", Direct: true),
        new("u-full", "g-all", null, Direct: false),
        new("u-odd", "g-all", null, Direct: false),
    ];

    [Theory]
    [InlineData(null, null)]
    [InlineData("userName", null)]
    [InlineData("userName,name.givenName", null)]
    [InlineData("emails", null)]
    [InlineData("emails.value", null)]
    [InlineData(null, "emails")]
    [InlineData(null, "name.familyName,emails.type")]
    [InlineData("nickName", null)]
    [InlineData("displayName", null)]
    [InlineData(null, "title")]
    [InlineData("password", null)]
    [InlineData(Enterprise, null)]
    [InlineData(null, Enterprise)]
    [InlineData(Enterprise + ":department", null)]
    [InlineData(Enterprise + ":manager.value", null)]
    [InlineData(null, Enterprise + ":department")]
    [InlineData(null, Enterprise + ":manager.displayName")]
    [InlineData(Access + ":serviceAccount.enabled", null)]
    [InlineData(null, Access)]
    [InlineData("userName," + Access, Enterprise)]
    [InlineData("groups", null)]
    [InlineData("groups.display", null)]
    [InlineData(null, "groups")]
    [InlineData(null, "groups.value")]
    [InlineData(null, "groups.type,groups.$ref")]
    [InlineData("meta.created", null)]
    [InlineData(null, "meta.version,meta.location")]
    [InlineData("externalId", null)]
    [InlineData(null, "externalId")]
    public async Task A_user_written_from_its_stored_text_is_the_JObject_rendering(string? attributes, string? excludedAttributes)
    {
        foreach (var (id, json) in StoredUsers)
        {
            await ShouldWriteAsRenderedAsync("User", id, json, attributes, excludedAttributes);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("displayName", null)]
    [InlineData("members", null)]
    [InlineData("members.value", null)]
    [InlineData("members.$ref", null)]
    [InlineData(null, "members")]
    [InlineData(null, "members.display")]
    [InlineData(null, "members.value,members.type")]
    [InlineData("externalId,members.type", null)]
    [InlineData(null, "meta")]
    public async Task A_group_written_from_its_stored_text_is_the_JObject_rendering(string? attributes, string? excludedAttributes)
    {
        foreach (var (id, json) in StoredGroups)
        {
            await ShouldWriteAsRenderedAsync("Group", id, json, attributes, excludedAttributes);
        }
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"e-1","userName":"ann@example.com","name":{"givenName":"Ann","familyName":"O'Neil <x> & y"},"displayName":"Ann O'Neil","active":true,"emails":[{"value":"ann@example.com","type":"work","primary":true,"weight":1.50,"none":null}],"password":"never-returned","ext":{"enterprise":{"employeeNumber":"42","manager":{"value":"u-boss"}},"access":{}}}""")]
    [InlineData("""{"userName":"bare"}""")]
    [InlineData("""{"userName":"odd","title":null,"emails":["not-an-object",{"value":"odd@example.com"}],"ext":{"enterprise":[]}}""")]
    [InlineData("""{"ext":{"access":{"roles":["Reader"]},"enterprise":{"department":"Sales"}},"userName":"ext-first","nickName":"a","ext2":{"access":{}}}""")]
    [InlineData("""{"userName":"no-ext-object","ext":"text","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}""")]
    public async Task A_user_stored_as_compact_ASCII_text_is_written_as_its_spaced_and_its_JObject_forms_are(string compact)
    {
        var type = Schemas.GetResourceType("User");
        var spaced = JsonSerializer.Serialize(JsonDocument.Parse(compact).RootElement, new JsonSerializerOptions { WriteIndented = true });
        spaced.Should().Contain("\n", "the spaced form is written by the general path");

        var fromCompact = await WriteAsync("User", "u-full", compact, null, null);
        var fromSpaced = await WriteAsync("User", "u-full", spaced, null, null);

        fromCompact.Should().Be(fromSpaced, "values copied from compact text are the text writing each parsed value gives");
        await ShouldWriteAsRenderedAsync("User", "u-full", compact, null, null);
        await ShouldWriteAsRenderedAsync("User", "u-full", compact, "userName", null);
    }

    [Fact]
    public async Task Non_ASCII_text_is_written_as_is_and_quotes_and_control_characters_are_escaped()
    {
        var written = await WriteAsync("User", "u-full", StoredUsers[0].Json, null, null);

        written.Should().Contain("\"givenName\":\"Zoë\"").And.Contain("Ångström \\\"Q\\\" \\\\ back").And.Contain("line\\nbreak");
        written.Should().NotContain("\\u00EB", "non-ASCII letters are not escaped");
        written.Should().NotContain("never-returned", "password is returned never");
    }

    [Fact]
    public async Task Writers_of_several_requests_sharing_one_layout_write_what_writers_of_their_own_write()
    {
        var type = Schemas.GetResourceType("User");
        var layout = new ResourceJsonLayout(type);
        var other = new ScimRequestContext("acme", "https://other.example/tenants/acme/scim/v2");
        var requests = new[]
        {
            (Context, AttributeSelection.Parse(Resolver, type, null, null).Value!),
            (other, AttributeSelection.Parse(Resolver, type, "userName,emails.value", null).Value!),
            (other, AttributeSelection.Parse(Resolver, type, null, null).Value!),
        };
        var shared = requests.Select(r => new ResourceJsonWriter(layout, r.Item2, r.Item1)).ToArray();

        // Interleaved, as concurrent requests use the layout: no writer may see another's located members.
        foreach (var (id, json) in StoredUsers.Concat(StoredUsers.Reverse()))
        {
            for (var i = 0; i < requests.Length; i++)
            {
                var (context, selection) = requests[i];
                Write(shared[i], id, json).Should().Be(
                    Write(new ResourceJsonWriter(type, selection, context), id, json), "{0} in request {1}", id, i);
            }
        }

        static string Write(ResourceJsonWriter resourceWriter, string id, string json)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, ScimJson.WriterOptions))
            {
                resourceWriter.Write(writer, Stored("User", id, json, asText: true), null);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    [Theory]
    [InlineData("User", "u-full", CompactUser, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"u-full\",\"externalId\":\"e-1\",\"userName\":\"ann@example.com\",\"displayName\":\"Ann O'Neil\",\"emails\":[{\"value\":\"ann@example.com\",\"type\":\"work\"}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"42\"},\"groups\":[{\"value\":\"g-sales\",\"$ref\":\"https://scim.example/scim/v2/Groups/g-sales\",\"display\":\"Sales \\\"EMEA\\\"\",\"type\":\"direct\"},{\"value\":\"g-all\",\"$ref\":\"https://scim.example/scim/v2/Groups/g-all\",\"type\":\"indirect\"}],\"meta\":{\"resourceType\":\"User\",\"created\":\"2026-01-02T03:04:05.0000000Z\",\"lastModified\":\"2026-11-30T08:00:00.1230000Z\",\"location\":\"https://scim.example/scim/v2/Users/u-full\",\"version\":\"W/\\\"7\\\"\"}}")]
    [InlineData("User", "u \"\u00fc\"/\\x", CompactUser, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"u \\\"ü\\\"/\\\\x\",\"externalId\":\"e-1\",\"userName\":\"ann@example.com\",\"displayName\":\"Ann O'Neil\",\"emails\":[{\"value\":\"ann@example.com\",\"type\":\"work\"}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"42\"},\"meta\":{\"resourceType\":\"User\",\"created\":\"2026-01-02T03:04:05.0000000Z\",\"lastModified\":\"2026-11-30T08:00:00.1230000Z\",\"location\":\"https://scim.example/scim/v2/Users/u%20%22%C3%BC%22%2F%5Cx\",\"version\":\"W/\\\"7\\\"\"}}")]
    [InlineData("Group", "g-sales", "{\"displayName\":\"Sales\",\"externalId\":\"x-1\"}", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\"g-sales\",\"externalId\":\"x-1\",\"displayName\":\"Sales\",\"members\":[{\"value\":\"u-full\",\"$ref\":\"https://scim.example/scim/v2/Users/u-full\",\"display\":\"Zoë\",\"type\":\"User\"},{\"value\":\"g-nested\",\"$ref\":\"https://scim.example/scim/v2/Groups/g-nested\",\"type\":\"Group\"}],\"meta\":{\"resourceType\":\"Group\",\"created\":\"2026-01-02T03:04:05.0000000Z\",\"lastModified\":\"2026-11-30T08:00:00.1230000Z\",\"location\":\"https://scim.example/scim/v2/Groups/g-sales\",\"version\":\"W/\\\"7\\\"\"}}")]
    public async Task A_resource_is_written_byte_for_byte_as_before_its_names_and_plain_values_were_copied_as_UTF8(
        string typeName, string id, string json, string expected)
    {
        var written = await WriteAsync(typeName, id, json, null, null);

        written.Should().Be(expected);
    }

    [Fact]
    public void The_writer_options_leave_every_printable_ASCII_character_but_the_quote_and_the_backslash_as_it_is()
    {
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            var encoded = JsonEncodedText.Encode(c.ToString(), ScimJson.WriterOptions.Encoder).ToString();

            encoded.Should().Be(c is '"' or '\\' ? "\\" + c : c.ToString(), "the writer copies such text without its encoder ({0})", c);
        }
    }

    [Theory]
    [InlineData("User", null, null)]
    [InlineData("User", "groups.display,groups.value", null)]
    [InlineData("User", null, "groups.$ref")]
    [InlineData("Group", null, null)]
    [InlineData("Group", "members", null)]
    public async Task Resources_of_one_page_sharing_membership_values_are_each_written_as_written_alone(
        string typeName, string? attributes, string? excludedAttributes)
    {
        var type = Schemas.GetResourceType(typeName);
        var stored = typeName == "User" ? StoredUsers : StoredGroups;
        var selection = AttributeSelection.Parse(Resolver, type, attributes, excludedAttributes).Value!;
        var loaded = await new MembershipRenderer(new MembershipStore(Members, Memberships), Schemas)
            .LoadAsync(Context, type, stored.Select(r => r.Id).ToList(), selection, default);
        var pageWriter = new ResourceJsonWriter(type, selection, Context);

        // Every resource three times over: from the second resource on, shared membership elements are copied.
        foreach (var (id, json) in stored.Concat(stored).Concat(stored))
        {
            var onPage = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(onPage, ScimJson.WriterOptions))
            {
                pageWriter.Write(writer, Stored(typeName, id, json, asText: true), loaded);
            }

            Encoding.UTF8.GetString(onPage.WrittenSpan).Should().Be(
                await WriteAsync(typeName, id, json, attributes, excludedAttributes), "{0} on a page is written as alone", id);
        }
    }

    [Fact]
    public async Task Excluding_members_reads_no_membership()
    {
        var type = Schemas.GetResourceType("Group");
        var store = new MembershipStore(Members, Memberships);
        var selection = AttributeSelection.Parse(Resolver, type, null, "members").Value!;

        var loaded = await new MembershipRenderer(store, Schemas).LoadAsync(Context, type, ["g-sales"], selection, default);

        loaded.Should().BeNull();
        store.Reads.Should().Be(0);
    }

    private static async Task ShouldWriteAsRenderedAsync(string typeName, string id, string json, string? attributes, string? excludedAttributes)
    {
        var type = Schemas.GetResourceType(typeName);
        var selection = AttributeSelection.Parse(Resolver, type, attributes, excludedAttributes);
        selection.IsSuccess.Should().BeTrue(selection.IsSuccess ? "" : selection.Error.Detail);
        var membership = new MembershipRenderer(new MembershipStore(Members, Memberships), Schemas);

        var rendered = ResourceRenderer.Render(type, Stored(typeName, id, json, asText: false), Context.LocationOf(type.Endpoint, id));
        await membership.AttachAsync(Context, type, [rendered], selection.Value!, default);
        var expected = selection.Value!.Apply(type, rendered);

        var actual = ScimJson.ParseObject(await WriteAsync(typeName, id, json, attributes, excludedAttributes));

        var because = $"{id} with attributes={attributes} excludedAttributes={excludedAttributes}";
        actual.ShouldEqualJson(expected, because);
        ScimJson.Serialize(actual).Should().Be(ScimJson.Serialize(expected), "the properties come in the same order for {0}", because);
    }

    private static async Task<string> WriteAsync(string typeName, string id, string json, string? attributes, string? excludedAttributes)
    {
        var type = Schemas.GetResourceType(typeName);
        var selection = AttributeSelection.Parse(Resolver, type, attributes, excludedAttributes).Value!;
        var loaded = await new MembershipRenderer(new MembershipStore(Members, Memberships), Schemas)
            .LoadAsync(Context, type, [id], selection, default);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ScimJson.WriterOptions))
        {
            new ResourceJsonWriter(type, selection, Context).Write(writer, Stored(typeName, id, json, asText: true), loaded);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static StoredResource Stored(string typeName, string id, string json, bool asText)
    {
        var resource = new StoredResource
        {
            Tenant = "acme",
            ResourceType = typeName,
            Id = id,
            Version = 7,
            Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            LastModified = new DateTimeOffset(2026, 11, 30, 8, 0, 0, 123, TimeSpan.Zero),
            ExternalId = "x",
            DocumentJson = Encoding.UTF8.GetBytes(json),
        };

        // The JObject rendering gets the document parsed as the stores parsed it before reads kept the text.
        return asText ? resource : resource with { Document = ScimJson.ParseObject(json) };
    }

    private static SchemaRegistry RegistryWithNickNameReturnedOnRequest()
    {
        const string prefix = "schemas/";
        var assembly = typeof(SchemaRegistry).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            files[name[prefix.Length..]] = reader.ReadToEnd();
        }

        var user = JObject.Parse(files["User.json"]);
        user["attributes"]!.Single(a => (string?)a["name"] == "nickName")!["returned"] = "request";
        files["User.json"] = user.ToString();
        return SchemaRegistry.Load(files);
    }
}
