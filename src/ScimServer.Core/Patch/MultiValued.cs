using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;

namespace ScimServer.Core.Patch;

/// <summary>The current values of a multi-valued attribute, and the ones a value filter selects.</summary>
internal static class MultiValued
{
    /// <summary>The attribute's array; a lone value counts as an array of one, an absent attribute as an empty one.</summary>
    public static JArray Read(JToken? current) => current switch
    {
        JArray array => array,
        null or { Type: JTokenType.Null } => [],
        _ => [current],
    };

    /// <summary>The complex elements <paramref name="filter"/> matches; all of them when there is no filter.</summary>
    public static List<JObject> Select(JArray array, BoundFilter? filter) =>
        array.OfType<JObject>().Where(element => filter is null || InMemoryFilter.Matches(filter, element)).ToList();
}
