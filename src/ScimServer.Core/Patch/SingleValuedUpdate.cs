using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Patch;

/// <summary>
/// Add and replace mean the same on a single-valued attribute (RFC 7644 §3.5.2.1, §3.5.2.3): a simple value is set;
/// a complex value merges into the sub-attributes already there; <c>name.givenName</c> sets one sub-attribute.
/// </summary>
internal static class SingleValuedUpdate
{
    public static ScimError? Apply(ResourceDocument document, PatchTarget target, JToken value)
    {
        var attribute = target.Attribute!;
        var current = document.Get(target);

        if (target.SubAttribute is { } sub)
        {
            var complex = current as JObject ?? new JObject();
            ComplexValue.Set(complex, sub.Name, PatchValue.Normalize(sub, value));
            document.Set(target, complex);
            return null;
        }

        var normalized = PatchValue.Normalize(attribute, value);
        if (attribute.IsComplex && normalized is JObject given && current is JObject existing)
        {
            ComplexMerge.Into(existing, given);
            if (existing.HasValues)
            {
                document.Set(target, existing);
            }
            else
            {
                document.Remove(target);
            }

            return null;
        }

        // A value of the wrong shape is set as sent: validating the patched document reports it.
        document.Set(target, normalized);
        return null;
    }
}
