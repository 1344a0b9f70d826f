using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>Reading the <c>value</c> of an operation against the attribute it targets.</summary>
internal static class PatchValue
{
    private const string ValueSubAttribute = "value";

    /// <summary>
    /// RFC 7643 §2.5: null, an empty array and (by what identity providers send to clear a field) an empty string or
    /// object mean "unassigned"; an add or replace with one of them clears the target.
    /// </summary>
    public static bool IsEmpty(JToken? value) => value is null || value.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => true,
        JTokenType.String => ((string?)value)!.Length == 0,
        JTokenType.Array or JTokenType.Object => !value.HasValues,
        _ => false,
    };

    /// <summary>
    /// One value of <paramref name="attribute"/> (one element if it is multi-valued), copied, with sub-attribute names
    /// in the schema's spelling. A bare string given to a complex attribute that has a <c>value</c> sub-attribute
    /// becomes <c>{"value": …}</c>: Entra ID sends the enterprise <c>manager</c> as the manager's id alone.
    /// </summary>
    public static JToken Normalize(AttributeDefinition attribute, JToken value)
    {
        if (!attribute.IsComplex)
        {
            return value.DeepClone();
        }

        if (value.Type == JTokenType.String && attribute.FindSubAttribute(ValueSubAttribute) is { } valueSub)
        {
            return new JObject { [valueSub.Name] = value.DeepClone() };
        }

        if (value is not JObject input)
        {
            return value.DeepClone();
        }

        var result = new JObject();
        foreach (var property in input.Properties())
        {
            // Unknown names stay as sent: validating the patched document reports them.
            var name = attribute.FindSubAttribute(property.Name)?.Name ?? property.Name;
            ComplexValue.Set(result, name, property.Value.DeepClone());
        }

        return result;
    }

    /// <summary>The values given for a multi-valued attribute: an array, or (tolerated) one value on its own.</summary>
    public static IReadOnlyList<JToken> Elements(AttributeDefinition attribute, JToken value) =>
        (value is JArray array ? (IEnumerable<JToken>)array : [value])
            .Where(element => !IsEmpty(element))
            .Select(element => Normalize(attribute, element))
            .ToList();

    /// <summary>
    /// Whether an existing element is the value a client names: the same JSON, or for complex values the same
    /// <c>value</c> sub-attribute (<c>{"op":"remove","path":"emails","value":[{"value":"a@x.org"}]}</c>).
    /// </summary>
    public static bool SameElement(JToken existing, JToken given)
    {
        if (JToken.DeepEquals(existing, given))
        {
            return true;
        }

        return existing is JObject existingObject && given is JObject givenObject
            && ComplexValue.Get(givenObject, ValueSubAttribute) is { } givenValue
            && ComplexValue.Get(existingObject, ValueSubAttribute) is { } existingValue
            && JToken.DeepEquals(existingValue, givenValue);
    }
}
