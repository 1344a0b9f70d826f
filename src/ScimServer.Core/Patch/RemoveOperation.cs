using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Patch;

/// <summary>
/// RFC 7644 §3.5.2.2 "remove": removes an attribute, a sub-attribute, the elements a value filter selects (noTarget
/// when it selects none) or a sub-attribute of them. With a value and no filter, only the values named go:
/// <c>{"op":"remove","path":"emails","value":[{"value":"a@x.org"}]}</c>.
/// </summary>
internal static class RemoveOperation
{
    public static ScimError? Apply(ResourceDocument document, PatchTarget target, JToken? value) =>
        Remove(document, target, value, requireMatch: true);

    /// <summary>What an add or replace with an empty value does: the target goes, and no match is not an error.</summary>
    public static ScimError? Clear(ResourceDocument document, PatchTarget target) =>
        Remove(document, target, value: null, requireMatch: false);

    private static ScimError? Remove(ResourceDocument document, PatchTarget target, JToken? value, bool requireMatch)
    {
        var attribute = target.Attribute!;
        var current = document.Get(target);

        if (!attribute.MultiValued)
        {
            if (target.SubAttribute is null)
            {
                document.Remove(target);
            }
            else if (current is JObject complex)
            {
                ComplexValue.Remove(complex, target.SubAttribute.Name);
                Store(document, target, complex);
            }

            return null;
        }

        var array = MultiValued.Read(current);
        if (!target.HasFilter && target.SubAttribute is null)
        {
            // Only a remove without a value takes every value; an empty list names none to remove.
            if (value is null || value.Type == JTokenType.Null)
            {
                document.Remove(target);
                return null;
            }

            var named = PatchValue.Elements(attribute, value!);
            foreach (var element in array.Where(e => named.Any(n => PatchValue.SameElement(e, n))).ToList())
            {
                element.Remove();
            }

            Store(document, target, array);
            return null;
        }

        var matches = MultiValued.Select(array, target.Filter);
        if (matches.Count == 0)
        {
            return requireMatch && target.HasFilter
                ? ScimError.BadRequest(ScimType.NoTarget, $"'{target.Text}' matches no value of '{attribute.Name}'.")
                : null;
        }

        foreach (var element in matches)
        {
            if (target.SubAttribute is null)
            {
                element.Remove();
            }
            else
            {
                ComplexValue.Remove(element, target.SubAttribute.Name);
                if (!element.HasValues)
                {
                    element.Remove();
                }
            }
        }

        Store(document, target, array);
        return null;
    }

    /// <summary>An emptied complex or multi-valued attribute is unassigned (RFC 7643 §2.5), so it leaves the document.</summary>
    private static void Store(ResourceDocument document, PatchTarget target, JContainer value)
    {
        if (value.HasValues)
        {
            document.Set(target, value);
        }
        else
        {
            document.Remove(target);
        }
    }
}
