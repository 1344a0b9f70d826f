using System.Text;
using ScimServer.Core.Resources;

namespace ScimServer.Core.Tests.Resources;

public sealed class Utf8NameIndexTests
{
    [Fact]
    public void Each_name_is_found_by_its_UTF8_bytes_at_the_index_of_its_first_appearance()
    {
        var names = Enumerable.Range(0, 60).Select(i => $"attribute{i}").Concat(["a", "ab", "ba", "userName", "a"]).ToList();
        var index = new Utf8NameIndex(names);

        for (var i = 0; i < 64; i++)
        {
            index.Find(Encoding.UTF8.GetBytes(names[i])).Should().Be(i, names[i]);
        }

        index.Find("a"u8).Should().Be(60, "a repeated name keeps its first index");
    }

    [Theory]
    [InlineData("")]
    [InlineData("username")]
    [InlineData("userNam")]
    [InlineData("userNamex")]
    [InlineData("b")]
    [InlineData("attribute60")]
    public void A_name_not_given_is_not_found(string name)
    {
        var index = new Utf8NameIndex(Enumerable.Range(0, 60).Select(i => $"attribute{i}").Concat(["a", "ab", "ba", "userName"]));

        index.Find(Encoding.UTF8.GetBytes(name)).Should().Be(-1);
    }
}
