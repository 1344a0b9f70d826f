using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Patch;

/// <summary>
/// RFC 7644 §3.5.2.1 / §3.5.2.3: a complex value given for a complex target sets the sub-attributes it names and
/// leaves the others; an empty sub-attribute value clears that sub-attribute.
/// </summary>
internal static class ComplexMerge
{
    public static void Into(JObject target, JObject given)
    {
        foreach (var property in given.Properties())
        {
            if (PatchValue.IsEmpty(property.Value))
            {
                ComplexValue.Remove(target, property.Name);
            }
            else
            {
                ComplexValue.Set(target, property.Name, property.Value.DeepClone());
            }
        }
    }
}
