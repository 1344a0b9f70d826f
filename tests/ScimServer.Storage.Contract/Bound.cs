using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;

namespace ScimServer.Storage.Contract;

/// <summary>Builds bound filter trees by hand, typing each literal for its attribute as the binder does.</summary>
public static class Bound
{
    public static BoundComparison Eq(BoundAttribute attribute, object? value) => Compare(attribute, ComparisonOperator.Eq, value);

    public static BoundComparison Ne(BoundAttribute attribute, object? value) => Compare(attribute, ComparisonOperator.Ne, value);

    public static BoundComparison Co(BoundAttribute attribute, string value) => Compare(attribute, ComparisonOperator.Co, value);

    public static BoundComparison Sw(BoundAttribute attribute, string value) => Compare(attribute, ComparisonOperator.Sw, value);

    public static BoundComparison Ew(BoundAttribute attribute, string value) => Compare(attribute, ComparisonOperator.Ew, value);

    public static BoundComparison Gt(BoundAttribute attribute, object value) => Compare(attribute, ComparisonOperator.Gt, value);

    public static BoundComparison Ge(BoundAttribute attribute, object value) => Compare(attribute, ComparisonOperator.Ge, value);

    public static BoundComparison Lt(BoundAttribute attribute, object value) => Compare(attribute, ComparisonOperator.Lt, value);

    public static BoundComparison Le(BoundAttribute attribute, object value) => Compare(attribute, ComparisonOperator.Le, value);

    public static BoundPresent Pr(BoundAttribute attribute) => new(attribute);

    public static BoundAnd And(BoundFilter left, BoundFilter right) => new(left, right);

    public static BoundOr Or(BoundFilter left, BoundFilter right) => new(left, right);

    public static BoundNot Not(BoundFilter inner) => new(inner);

    /// <summary><c>attribute[filter]</c>; build the inner paths with <see cref="TestSchema.Element"/>.</summary>
    public static BoundValuePath Where(BoundAttribute attribute, BoundFilter filter) => new(attribute, filter);

    public static BoundComparison Compare(BoundAttribute attribute, ComparisonOperator op, object? value)
    {
        var leaf = attribute.Leaf;
        if (leaf.IsComplex && attribute.SubAttribute is null)
        {
            leaf = leaf.FindSubAttribute("value") ?? leaf;
        }

        object? typed = value switch
        {
            null => null,
            DateTimeOffset date => ScimDateTime.ToText(date),
            string text when leaf.Type == AttributeType.DateTime =>
                ScimDateTime.TryNormalize(text, out var normalized) ? normalized : throw new ArgumentException($"'{text}' is not a dateTime."),
            int number => (decimal)number,
            long number => (decimal)number,
            double number => (decimal)number,
            _ => value,
        };
        return new BoundComparison(attribute, op, new BoundLiteral(leaf.Type, typed));
    }
}
