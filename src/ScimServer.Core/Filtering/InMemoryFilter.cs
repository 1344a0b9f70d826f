using System.Globalization;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Filtering;

/// <summary>
/// Evaluates a bound filter against one JSON value — in practice one element of a multi-valued attribute, for the
/// value filters of PATCH paths (<c>emails[type eq "work"]</c>). Follows the stores' semantics so that a filter means
/// the same thing in a query and in a PATCH: strings fold unless the attribute is caseExact, <c>ne</c> is the negation
/// of <c>eq</c> (it matches an absent attribute), dates compare as instants.
/// </summary>
public static class InMemoryFilter
{
    public static bool Matches(BoundFilter filter, JToken element)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(element);

        return filter switch
        {
            BoundAnd and => Matches(and.Left, element) && Matches(and.Right, element),
            BoundOr or => Matches(or.Left, element) || Matches(or.Right, element),
            BoundNot not => !Matches(not.Inner, element),
            BoundPresent present => Values(element, present.Attribute).Any(IsPresent),
            BoundComparison comparison => MatchesComparison(comparison, element),
            BoundValuePath valuePath => Values(element, valuePath.Attribute with { SubAttribute = null })
                .Any(value => Matches(valuePath.Filter, value)),
            _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
        };
    }

    private static bool MatchesComparison(BoundComparison comparison, JToken element)
    {
        if (comparison.Operator == ComparisonOperator.Ne)
        {
            return !MatchesComparison(comparison with { Operator = ComparisonOperator.Eq }, element);
        }

        return Values(element, comparison.Attribute)
            .Any(value => Compare(value, comparison.Operator, comparison.Value, comparison.CaseExact));
    }

    /// <summary>The values at the attribute's path; the elements of an array count one by one ("some element matches").</summary>
    private static IEnumerable<JToken> Values(JToken element, BoundAttribute attribute)
    {
        IEnumerable<JToken> current = [element];
        var names = attribute.SubAttribute is null ? attribute.StoragePath : [.. attribute.StoragePath, attribute.SubAttribute.Name];
        foreach (var name in names)
        {
            current = current.SelectMany(Flatten).Select(token => Child(token, name)).OfType<JToken>();
        }

        return current.SelectMany(Flatten);
    }

    private static IEnumerable<JToken> Flatten(JToken token) => token is JArray array ? array : [token];

    private static JToken? Child(JToken token, string name) =>
        token is JObject obj ? obj.Property(name, StringComparison.OrdinalIgnoreCase)?.Value : null;

    private static bool IsPresent(JToken value) => value.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => false,
        JTokenType.String => ((string?)value)!.Length > 0,
        JTokenType.Object => value.HasValues,
        _ => true,
    };

    private static bool Compare(JToken value, ComparisonOperator op, BoundLiteral literal, bool caseExact)
    {
        switch (literal.Value)
        {
            case bool expected:
                return TryReadBoolean(value, out var actual) && op == ComparisonOperator.Eq && actual == expected;

            case decimal expected:
                return TryReadNumber(value, out var number) && Order(number.CompareTo(expected), op);

            case string expected when literal.Type == AttributeType.DateTime:
                return value.Type == JTokenType.String
                    && ScimDateTime.TryNormalize((string)value!, out var instant)
                    && Order(string.CompareOrdinal(instant, expected), op);

            case string expected:
                if (value.Type != JTokenType.String)
                {
                    return false;
                }

                var text = (string)value!;
                if (!caseExact)
                {
                    text = ScimText.Fold(text);
                    expected = ScimText.Fold(expected);
                }

                return op switch
                {
                    ComparisonOperator.Co => text.Contains(expected, StringComparison.Ordinal),
                    ComparisonOperator.Sw => text.StartsWith(expected, StringComparison.Ordinal),
                    ComparisonOperator.Ew => text.EndsWith(expected, StringComparison.Ordinal),
                    _ => Order(string.CompareOrdinal(text, expected), op),
                };

            default:
                return false;
        }
    }

    private static bool Order(int comparison, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => comparison == 0,
        ComparisonOperator.Gt => comparison > 0,
        ComparisonOperator.Ge => comparison >= 0,
        ComparisonOperator.Lt => comparison < 0,
        ComparisonOperator.Le => comparison <= 0,
        _ => false,
    };

    // Identity providers send booleans as strings ("True"), so a stored element may still carry one.
    private static bool TryReadBoolean(JToken value, out bool flag)
    {
        if (value.Type == JTokenType.Boolean)
        {
            flag = (bool)value;
            return true;
        }

        flag = false;
        return value.Type == JTokenType.String && bool.TryParse((string?)value, out flag);
    }

    private static bool TryReadNumber(JToken value, out decimal number)
    {
        number = 0;
        return value.Type switch
        {
            JTokenType.Integer or JTokenType.Float => TryConvert(value, out number),
            JTokenType.String => decimal.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private static bool TryConvert(JToken value, out decimal number)
    {
        try
        {
            number = value.Value<decimal>();
            return true;
        }
        catch (OverflowException)
        {
            number = 0;
            return false;
        }
    }
}
