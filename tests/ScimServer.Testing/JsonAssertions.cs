using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

using FluentAssertions;

namespace ScimServer.Testing;

/// <summary>
/// JSON equality for assertions. FluentAssertions 6 compares two JObjects member by member through reflection and
/// finds any two of them equivalent, so <c>BeEquivalentTo</c> on response bodies can never fail.
/// </summary>
public static class JsonAssertions
{
    public static void ShouldEqualJson(this JToken? actual, JToken? expected, string because = "")
    {
        JToken.DeepEquals(actual, expected).Should().BeTrue(
            "{0} expected {1} but found {2}", because, expected?.ToString(Formatting.None), actual?.ToString(Formatting.None));
    }
}
