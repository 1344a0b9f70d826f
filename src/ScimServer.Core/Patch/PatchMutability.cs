using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>RFC 7643 §7 mutability, as it applies to one PATCH operation.</summary>
internal static class PatchMutability
{
    /// <summary>A read-only attribute or sub-attribute is the server's: no operation may name it.</summary>
    public static ScimError? CheckReadOnly(PatchTarget target)
    {
        var attribute = target.Attribute!;
        if (attribute.Mutability == Mutability.ReadOnly)
        {
            return ScimError.Mutability($"'{attribute.Name}' is read-only: the server sets it.");
        }

        if (target.SubAttribute is { Mutability: Mutability.ReadOnly } sub)
        {
            return ScimError.Mutability($"'{attribute.Name}.{sub.Name}' is read-only: the server sets it.");
        }

        return null;
    }

    /// <summary>
    /// An immutable attribute may be given a value while it has none (and a multi-valued one may gain values), but a
    /// value it has may not change or go.
    /// </summary>
    public static ScimError? CheckImmutable(PatchOperationType op, PatchTarget target, JToken? current, JToken? value)
    {
        if (target.Leaf.Mutability != Mutability.Immutable)
        {
            return null;
        }

        var existing = target.SubAttribute is not null && !target.Attribute!.MultiValued && current is JObject complex
            ? ComplexValue.Get(complex, target.SubAttribute.Name)
            : current;
        if (PatchValue.IsEmpty(existing))
        {
            return null;
        }

        var isAppend = op == PatchOperationType.Add && target.Attribute!.MultiValued && target.SubAttribute is null && !target.HasFilter;
        var isSame = op != PatchOperationType.Remove && !target.HasFilter && value is not null
            && JToken.DeepEquals(existing, PatchValue.Normalize(target.Leaf, value));
        return isAppend || isSame
            ? null
            : ScimError.Mutability($"'{target.Text}' is immutable: it cannot change once set.");
    }
}
