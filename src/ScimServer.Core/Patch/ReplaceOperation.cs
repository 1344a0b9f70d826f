using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Patch;

/// <summary>
/// RFC 7644 §3.5.2.3 "replace": sets a single-valued attribute (the sub-attributes given, for a complex one),
/// replaces all values of a multi-valued attribute, or replaces the selected elements or their sub-attribute.
/// </summary>
internal static class ReplaceOperation
{
    public static ScimError? Apply(ResourceDocument document, PatchTarget target, JToken? value)
    {
        if (PatchValue.IsEmpty(value))
        {
            return RemoveOperation.Clear(document, target);
        }

        var attribute = target.Attribute!;
        if (!attribute.MultiValued)
        {
            return SingleValuedUpdate.Apply(document, target, value!);
        }

        if (target.HasFilter || target.SubAttribute is not null)
        {
            return ElementUpdate.Apply(document, target, value!, PatchOperationType.Replace);
        }

        var values = PatchValue.Elements(attribute, value!);
        if (values.Count == 0)
        {
            document.Remove(target);
        }
        else
        {
            document.Set(target, new JArray(values));
        }

        return null;
    }
}
