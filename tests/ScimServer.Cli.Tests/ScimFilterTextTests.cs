using ScimServer.Cli.Scim;

namespace ScimServer.Cli.Tests;

public sealed class ScimFilterTextTests
{
    [Theory]
    [InlineData("ann@example.com", "\"ann@example.com\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    public void Values_are_quoted_as_json_strings(string value, string expected) => ScimFilterText.Quote(value).Should().Be(expected);

    [Fact]
    public void Lookups_are_batched_fifty_values_to_a_filter()
    {
        var values = Enumerable.Range(1, 120).Select(i => $"u{i}").Append("u1");

        var filters = ScimFilterText.AnyOf("userName", values).ToList();

        filters.Should().HaveCount(3);
        filters[0].Should().StartWith("userName eq \"u1\" or userName eq \"u2\" or ").And.EndWith("userName eq \"u50\"");
        filters[2].Should().Be(string.Join(" or ", Enumerable.Range(101, 20).Select(i => $"userName eq \"u{i}\"")));
    }
}
