using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Patch;

/// <summary>
/// Add or replace on the selected elements of a multi-valued attribute: <c>emails[type eq "work"]</c>,
/// <c>emails[type eq "work"].value</c>, or <c>emails.value</c> (every element). When no element matches, an <c>add</c>
/// whose filter is plain equalities creates the element it describes (<see cref="ElementTemplate"/>: Entra ID adds a
/// work email this way); a <c>replace</c>, or any other filter, is <c>noTarget</c> (RFC 7644 §3.5.2.3: "SHALL").
/// </summary>
internal static class ElementUpdate
{
    public static ScimError? Apply(ResourceDocument document, PatchTarget target, JToken value, PatchOperationType op)
    {
        var attribute = target.Attribute!;
        var array = MultiValued.Read(document.Get(target));
        var before = PrimaryValue.Snapshot(array);
        var matches = MultiValued.Select(array, target.Filter);

        if (matches.Count == 0)
        {
            var created = op == PatchOperationType.Add ? ElementTemplate.From(target.FilterExpression, attribute) : null;
            if (created is null)
            {
                return ScimError.BadRequest(ScimType.NoTarget, $"'{target.Text}' matches no value of '{attribute.Name}'.");
            }

            Fill(created, target, value);
            array.Add(created);
        }
        else
        {
            foreach (var element in matches)
            {
                if (op == PatchOperationType.Replace && target.SubAttribute is null)
                {
                    // RFC 7644 §3.5.2.3: "all matching record values SHALL be replaced".
                    var replacement = PatchValue.Normalize(attribute, value);
                    element.Replace(replacement);
                }
                else
                {
                    Fill(element, target, value);
                }
            }
        }

        PrimaryValue.Enforce(array, before);
        document.Set(target, array);
        return null;
    }

    private static void Fill(JObject element, PatchTarget target, JToken value)
    {
        if (target.SubAttribute is { } sub)
        {
            ComplexValue.Set(element, sub.Name, PatchValue.Normalize(sub, value));
        }
        else if (PatchValue.Normalize(target.Attribute!, value) is JObject given)
        {
            ComplexMerge.Into(element, given);
        }
    }
}
