using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// A value filter on a multi-valued attribute of plain values, such as the access extension's string list of roles:
/// <c>urn:…:access:2.0:User:roles[value eq "Analyst"]</c>. RFC 7644 §3.5.2 defines value filters for complex
/// values; for plain values <c>value</c> names the value itself, and only <c>value eq</c> (or an <c>or</c> of them) is
/// accepted. Remove takes the named values out, replace puts the operation's value in their place, add adds it.
/// </summary>
internal static class PrimitiveValueUpdate
{
    private const string ValueName = "value";

    /// <summary>The values a filter names, or null when it is not <c>value eq "…"</c> joined by <c>or</c>.</summary>
    public static List<string>? NamedValues(FilterExpression filter)
    {
        switch (filter)
        {
            case ComparisonExpression { Operator: ComparisonOperator.Eq, Value.Kind: LiteralKind.String } comparison
                when comparison.Path is { SchemaUrn: null, SubAttributeName: null }
                && string.Equals(comparison.Path.AttributeName, ValueName, StringComparison.OrdinalIgnoreCase):
                return [comparison.Value.Text];
            case OrExpression either when NamedValues(either.Left) is { } left && NamedValues(either.Right) is { } right:
                return [.. left, .. right];
            default:
                return null;
        }
    }

    public static ScimError? Apply(ResourceDocument document, PatchTarget target, PatchOperationType op, JToken? value)
    {
        var attribute = target.Attribute!;
        var named = NamedValues(target.FilterExpression!)!;
        var comparison = attribute.CaseExact ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var values = document.Get(target) as JArray ?? [];
        var matches = values.Where(v => v.Type == JTokenType.String && named.Contains((string)v!, comparison)).ToList();

        if (op == PatchOperationType.Add)
        {
            return AddOperation.Apply(document, target with { FilterExpression = null, Filter = null }, value);
        }

        if (matches.Count == 0)
        {
            return ScimError.BadRequest(ScimType.NoTarget, $"'{target.Text}' matches no value of '{attribute.Name}'.");
        }

        var kept = new JArray(values.Where(v => !matches.Contains(v)));
        if (op == PatchOperationType.Replace)
        {
            if (value is not { Type: JTokenType.String })
            {
                return ScimError.InvalidValue($"'{target.Text}': replace a value of '{attribute.Name}' with one string.");
            }

            kept.Add(value.DeepClone());
        }

        return ReplaceOperation.Apply(document, target with { FilterExpression = null, Filter = null }, kept);
    }
}
