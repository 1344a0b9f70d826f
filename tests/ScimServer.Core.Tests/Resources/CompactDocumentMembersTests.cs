using System.Text;
using System.Text.Json;
using ScimServer.Core.Resources;

namespace ScimServer.Core.Tests.Resources;

/// <summary>
/// The read writer copies each value at the place this scanner found it: for compact text the places must be those a
/// JSON parser gives, and any other text must be refused (it is then written by the general path, or its parse fails).
/// </summary>
public sealed class CompactDocumentMembersTests
{
    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"userName":"a b","active":true,"title":null,"x":false}""")]
    [InlineData("""{"n":0,"m":-12.5e+3,"k":1E-2,"j":-0,"i":[],"h":{},"g":[1,[2,{"a":{"b":3}}],"s"]}""")]
    [InlineData("""{"name":{"givenName":"Ann","deep":{"level3":{"level4":"x"},"list":[{"in":"array"}]}},"emails":[{"value":"a@b.c"}]}""")]
    [InlineData("""{"ext":{"enterprise":{"manager":{"value":"u-1"},"employeeNumber":"42"},"access":{"roles":["r"]}},"userName":"u","userName":"again"}""")]
    [InlineData("""{"a":"{not:an object}","b":"[',']","c":"::,,"}""")]
    public void Compact_text_is_located_member_by_member_where_a_parser_finds_each_value(string json)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var members = new CompactDocumentMembers();

        members.TryScan(text).Should().BeTrue();

        var located = Enumerable.Range(0, members.Count)
            .Select(m => (members.ParentOf(m), Encoding.UTF8.GetString(members.NameOf(text, m)), Encoding.UTF8.GetString(members.ValueOf(text, m))))
            .ToList();
        located.Should().Equal(Parsed(json));
    }

    [Theory]
    [InlineData("""{"a": 1}""")]
    [InlineData(""" {"a":1}""")]
    [InlineData("""{"a":1} """)]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":[1,]}""")]
    [InlineData("""{"a" :1}""")]
    [InlineData("""{"a":01}""")]
    [InlineData("""{"a":1.}""")]
    [InlineData("""{"a":.5}""")]
    [InlineData("""{"a":1e}""")]
    [InlineData("""{"a":+1}""")]
    [InlineData("""{"a":-}""")]
    [InlineData("""{"a":tru}""")]
    [InlineData("""{"a":nul}""")]
    [InlineData("""{"a":truex}""")]
    [InlineData("""{"a":"open}""")]
    [InlineData("""{"a":1}{"b":2}""")]
    [InlineData("""{"a":1""")]
    [InlineData("""{"a":[1}""")]
    [InlineData("""{"a":{"b":1]}""")]
    [InlineData("""{a:1}""")]
    [InlineData("""{"a"}""")]
    [InlineData("""["a"]""")]
    [InlineData("""{"a":"x\"y"}""")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":\"é\"}")]
    [InlineData("")]
    public void Text_that_is_not_compact_printable_ASCII_JSON_is_refused(string json)
    {
        new CompactDocumentMembers().TryScan(Encoding.UTF8.GetBytes(json)).Should().BeFalse();
    }

    [Fact]
    public void Text_nested_deeper_than_a_reader_allowed_is_refused_without_an_exception()
    {
        var deep = "{\"a\":" + new string('[', 100) + new string(']', 100) + "}";

        new CompactDocumentMembers().TryScan(Encoding.UTF8.GetBytes(deep)).Should().BeFalse();
    }

    /// <summary>The members the writer needs, by a parser: the root's, and those of objects under them down to the third level.</summary>
    private static List<(int Parent, string Name, string Value)> Parsed(string json)
    {
        var found = new List<(int, string, string)>();
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement, -1, 1);
        return found;

        void Walk(JsonElement element, int parent, int depth)
        {
            foreach (var property in element.EnumerateObject())
            {
                found.Add((parent, property.Name, property.Value.GetRawText()));
                if (depth < 3 && property.Value.ValueKind == JsonValueKind.Object)
                {
                    Walk(property.Value, found.Count - 1, depth + 1);
                }
            }
        }
    }
}
