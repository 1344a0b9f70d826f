using Microsoft.OData.UriParser;
using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;

namespace ScimServer.OData;

/// <summary>
/// Tests a row of a derived set against the <c>$filter</c> terms about its row properties (a role, an organization,
/// its eligibility or primary flag), which the store cannot see. Strings compare as SCIM compares these attributes:
/// case-insensitively (<see cref="ScimText.Fold"/>).
/// </summary>
internal static class RowCondition
{
    public static bool Holds(SingleValueNode node, FeedEntitySet set, FeedRow row)
    {
        node = ODataFilterTranslator.Unwrap(node);
        switch (node)
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return Holds(and.Left, set, row) && Holds(and.Right, set, row);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return Holds(or.Left, set, row) || Holds(or.Right, set, row);
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not:
                return !Holds(not.Operand, set, row);
            case BinaryOperatorNode binary when ODataFilterTranslator.ComparisonOf(binary.OperatorKind) is { } op:
                var left = ODataFilterTranslator.Unwrap(binary.Left);
                var right = ODataFilterTranslator.Unwrap(binary.Right);
                return (left, right) switch
                {
                    (SingleValuePropertyAccessNode p, ConstantNode c) => Compare(ValueOf(p, set, row), op, c.Value),
                    (ConstantNode c, SingleValuePropertyAccessNode p) => Compare(c.Value, op, ValueOf(p, set, row)),
                    _ => throw new FeedQueryException("A comparison must compare a property with a literal value."),
                };
            case InNode @in when ODataFilterTranslator.Unwrap(@in.Left) is SingleValuePropertyAccessNode property:
                var value = ValueOf(property, set, row);
                return ODataFilterTranslator.ConstantsOf(@in).Any(c => Compare(value, ComparisonOperator.Eq, c));
            case SingleValueFunctionCallNode call
                when call.Parameters.Select(p => p is SingleValueNode single ? ODataFilterTranslator.Unwrap(single) : p).ToList()
                    is [SingleValuePropertyAccessNode subject, ConstantNode { Value: string text }]:
                var actual = ValueOf(subject, set, row) is string s ? ScimText.Fold(s) : null;
                var wanted = ScimText.Fold(text);
                return call.Name switch
                {
                    "contains" => actual?.Contains(wanted, StringComparison.Ordinal) == true,
                    "startswith" => actual?.StartsWith(wanted, StringComparison.Ordinal) == true,
                    "endswith" => actual?.EndsWith(wanted, StringComparison.Ordinal) == true,
                    _ => throw new FeedQueryException($"The function '{call.Name}' is not supported by the access-review feed."),
                };
            default:
                throw new FeedQueryException($"This $filter expression ({ODataFilterTranslator.Describe(node)}) is not supported on {set.Name}.");
        }
    }

    private static object? ValueOf(SingleValuePropertyAccessNode property, FeedEntitySet set, FeedRow row) =>
        (set.FindColumn(property.Property.Name) ?? throw new FeedQueryException($"'{property.Property.Name}' is not a property of {set.Name}."))
            .Read(row);

    private static bool Compare(object? left, ComparisonOperator op, object? right)
    {
        if (left is null || right is null)
        {
            return op switch
            {
                ComparisonOperator.Eq => left is null && right is null,
                ComparisonOperator.Ne => left is not null || right is not null,
                _ => false,
            };
        }

        int order;
        if (left is string a && right is string b)
        {
            order = string.CompareOrdinal(ScimText.Fold(a), ScimText.Fold(b));
        }
        else if (left is bool x && right is bool y)
        {
            if (op is not (ComparisonOperator.Eq or ComparisonOperator.Ne))
            {
                throw new FeedQueryException("Booleans compare with 'eq' and 'ne' only.");
            }

            order = x == y ? 0 : 1;
        }
        else
        {
            throw new FeedQueryException($"Cannot compare {left.GetType().Name} with {right.GetType().Name}.");
        }

        return op switch
        {
            ComparisonOperator.Eq => order == 0,
            ComparisonOperator.Ne => order != 0,
            ComparisonOperator.Gt => order > 0,
            ComparisonOperator.Ge => order >= 0,
            ComparisonOperator.Lt => order < 0,
            ComparisonOperator.Le => order <= 0,
            _ => throw new FeedQueryException($"'{op}' is not supported here."),
        };
    }
}
