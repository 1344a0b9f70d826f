using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Storage;

/// <summary>
/// The search keys of a stored document: every string value at the resource type's declared search key paths, as
/// its key (folded where the attribute is not caseExact). One rule for every store, so a filter's value and a
/// stored key are always compared in the same form.
/// </summary>
public static class SearchKeys
{
    public static IReadOnlyList<SearchKey> Of(ResourceTypeDefinition resourceType, JObject document)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(document);
        if (resourceType.SearchKeys.Count == 0)
        {
            return [];
        }

        var keys = new List<SearchKey>();
        foreach (var path in resourceType.SearchKeys)
        {
            var value = document[path.Attribute.Name];
            if (path.SubAttribute is null)
            {
                Add(keys, path, value);
            }
            else if (value is JArray elements)
            {
                foreach (var element in elements)
                {
                    Add(keys, path, (element as JObject)?[path.SubAttribute.Name]);
                }
            }
            else if (value is JObject complex)
            {
                Add(keys, path, complex[path.SubAttribute.Name]);
            }
        }

        return keys;
    }

    private static void Add(List<SearchKey> keys, SearchKeyPath path, JToken? value)
    {
        if (value is JValue { Type: JTokenType.String, Value: string text } && text.Length > 0)
        {
            var key = new SearchKey(path.Name, path.KeyOf(text));
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }
    }
}
