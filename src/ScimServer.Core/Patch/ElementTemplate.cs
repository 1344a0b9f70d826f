using System.Globalization;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// The element a value filter describes when it is only equalities of sub-attributes
/// (<c>type eq "work"</c>, or several joined by <c>and</c>). Entra ID adds a user's first work email as
/// <c>{"op":"Add","path":"emails[type eq \"work\"].value","value":"…"}</c>: with no work email yet, the filter
/// says what the new element is.
/// </summary>
internal static class ElementTemplate
{
    /// <summary>The element to create, or null when the filter is not plain equalities. No filter gives an empty element.</summary>
    public static JObject? From(FilterExpression? filter, AttributeDefinition attribute)
    {
        var element = new JObject();
        return filter is null || Collect(filter, attribute, element) ? element : null;
    }

    private static bool Collect(FilterExpression filter, AttributeDefinition attribute, JObject element)
    {
        switch (filter)
        {
            case AndExpression and:
                return Collect(and.Left, attribute, element) && Collect(and.Right, attribute, element);

            case ComparisonExpression { Operator: ComparisonOperator.Eq, Path: { SchemaUrn: null, SubAttributeName: null } path } comparison
                when attribute.FindSubAttribute(path.AttributeName) is { } sub && ToJson(comparison.Value) is { } value:
                if (ComplexValue.Get(element, sub.Name) is { } earlier && !JToken.DeepEquals(earlier, value))
                {
                    return false;
                }

                element[sub.Name] = value;
                return true;

            default:
                return false;
        }
    }

    private static JToken? ToJson(FilterLiteral literal) => literal.Kind switch
    {
        LiteralKind.String => new JValue(literal.Text),
        LiteralKind.Boolean => new JValue(bool.Parse(literal.Text)),
        LiteralKind.Number when long.TryParse(literal.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => new JValue(integer),
        LiteralKind.Number when decimal.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => new JValue(number),
        _ => null,
    };
}
