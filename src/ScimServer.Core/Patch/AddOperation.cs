using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Patch;

/// <summary>
/// RFC 7644 §3.5.2.1 "add": sets a single-valued attribute (merging into a complex one), appends to a multi-valued
/// attribute the values it does not already have, or fills the selected elements.
/// </summary>
internal static class AddOperation
{
    public static ScimError? Apply(ResourceDocument document, PatchTarget target, JToken? value)
    {
        var attribute = target.Attribute!;
        if (PatchValue.IsEmpty(value))
        {
            // Adding no values, or an empty object of sub-attributes, adds nothing: it must not take away what is
            // there. A null or "" for one plain value is a replace with "unassigned" (RFC 7643 §2.5), so it clears.
            var addsNothing = value is JContainer || (attribute.MultiValued && !target.HasFilter && target.SubAttribute is null);
            return addsNothing ? null : RemoveOperation.Clear(document, target);
        }

        if (!attribute.MultiValued)
        {
            return SingleValuedUpdate.Apply(document, target, value!);
        }

        if (target.HasFilter || target.SubAttribute is not null)
        {
            return ElementUpdate.Apply(document, target, value!, PatchOperationType.Add);
        }

        var array = MultiValued.Read(document.Get(target));
        var before = PrimaryValue.Snapshot(array);
        foreach (var element in PatchValue.Elements(attribute, value!))
        {
            // "If the target location specifies a multi-valued attribute, … values are added": a value already there
            // is not added twice (identity providers re-send what they sent before).
            if (!array.Any(existing => JToken.DeepEquals(existing, element)))
            {
                array.Add(element);
            }
        }

        PrimaryValue.Enforce(array, before);
        document.Set(target, array);
        return null;
    }
}
