using System.Globalization;
using Microsoft.OData.UriParser;
using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// Turns an OData <c>$filter</c> tree into the SCIM filter tree of Core (RFC 7644 §3.4.2.2), which both stores already
/// translate to SQL and BSON: no second query engine. Comparisons, <c>and</c> / <c>or</c> / <c>not</c>, <c>in</c>,
/// <c>contains</c> / <c>startswith</c> / <c>endswith</c> and <c>any</c> over a collection of strings have SCIM
/// counterparts; anything else is refused. String comparisons follow SCIM: case-insensitive where the attribute is.
/// </summary>
/// <remarks>
/// On a derived set (one row per user and role or organization) the row properties cannot be told to the store as
/// such: a top-level <c>and</c>-term about rows is kept for the server to test on each row, and narrowed to a user
/// filter that keeps every user with a matching row (<c>role eq 'X'</c> → users holding X). A term mixing row and user
/// properties under <c>or</c> / <c>not</c> is refused: split it with <c>and</c>.
/// </remarks>
internal sealed class ODataFilterTranslator(FeedEntitySet set, TenantRecord tenant)
{
    public FeedFilterPlan Translate(FilterClause? clause)
    {
        var terms = clause is null ? [] : Conjuncts(clause.Expression).ToList();
        var storeTerms = new List<FilterExpression>();
        var rowConditions = new List<SingleValueNode>();
        if (set.BaseFilter is not null)
        {
            storeTerms.Add(set.BaseFilter);
        }

        foreach (var term in terms)
        {
            var (usesRow, usesUser) = Uses(term);
            if (usesRow && usesUser)
            {
                throw new FeedQueryException(
                    $"{set.Name}: a condition that mixes row properties ({RowNames()}) with user properties under 'or' or 'not' is not supported; combine them with 'and'.");
            }

            if (usesRow)
            {
                rowConditions.Add(term);
                if (Narrow(term) is { } narrowed)
                {
                    storeTerms.Add(narrowed);
                }
            }
            else
            {
                storeTerms.Add(ToScim(term));
            }
        }

        var storeFilter = storeTerms.Count == 0 ? null : storeTerms.Aggregate((l, r) => new AndExpression(l, r));
        return new FeedFilterPlan(storeFilter, rowConditions)
        {
            OneRowPerUser = rowConditions.Count == 1 && IsItemEquality(rowConditions[0]),
        };
    }

    private string RowNames() => string.Join(", ", set.Columns.Where(c => c.IsRowLevel).Select(c => c.Name));

    private static IEnumerable<SingleValueNode> Conjuncts(SingleValueNode node)
    {
        node = Unwrap(node);
        if (node is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and)
        {
            return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
        }

        return [node];
    }

    private (bool Row, bool User) Uses(QueryNode node)
    {
        switch (node)
        {
            case ConvertNode convert:
                return Uses(convert.Source);
            case BinaryOperatorNode binary:
                var (lr, lu) = Uses(binary.Left);
                var (rr, ru) = Uses(binary.Right);
                return (lr || rr, lu || ru);
            case UnaryOperatorNode unary:
                return Uses(unary.Operand);
            case SingleValueFunctionCallNode call:
                return call.Parameters.Select(Uses).Aggregate((false, false), (a, b) => (a.Item1 || b.Item1, a.Item2 || b.Item2));
            case InNode @in:
                return Uses(@in.Left);
            case AnyNode any:
                return Uses(any.Source);
            case SingleValuePropertyAccessNode property:
                return Column(property.Property.Name).IsRowLevel ? (true, false) : (false, true);
            case CollectionPropertyAccessNode collection:
                return Column(collection.Property.Name).IsRowLevel ? (true, false) : (false, true);
            default:
                return (false, false);
        }
    }

    private FeedColumn Column(string name) =>
        set.FindColumn(name) ?? throw new FeedQueryException($"'{name}' is not a property of {set.Name}.");

    private bool IsItemEquality(SingleValueNode node) =>
        Unwrap(node) is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal
        && PropertyAndConstant(equal) is ({ IsItem: true }, string, _);

    /// <summary>A user filter every user with a row meeting <paramref name="node"/> passes; null when none is known.</summary>
    private FilterExpression? Narrow(SingleValueNode node)
    {
        node = Unwrap(node);
        switch (node)
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                var left = Narrow(and.Left);
                var right = Narrow(and.Right);
                return left is null ? right : right is null ? left : new AndExpression(left, right);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                var either = Narrow(or.Left);
                var other = Narrow(or.Right);
                return either is null || other is null ? null : new OrExpression(either, other);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal when PropertyAndConstant(equal) is ({ } column, var value, _):
                return column.Narrow?.Invoke(value, tenant);
            case InNode @in when Unwrap(@in.Left) is SingleValuePropertyAccessNode property && Column(property.Property.Name).Narrow is { } narrow:
                var narrowed = ConstantsOf(@in).Select(value => narrow(value, tenant)).ToList();
                return narrowed.Count == 0 || narrowed.Any(n => n is null) ? null : narrowed.Aggregate((l, r) => new OrExpression(l!, r!));
            default:
                // Negations and other comparisons (ne, gt, contains) keep no user out: the rows decide alone.
                return null;
        }
    }

    private FilterExpression ToScim(SingleValueNode node)
    {
        node = Unwrap(node);
        switch (node)
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return new AndExpression(ToScim(and.Left), ToScim(and.Right));
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return new OrExpression(ToScim(or.Left), ToScim(or.Right));
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not:
                return new NotExpression(ToScim(not.Operand));
            case BinaryOperatorNode binary when ComparisonOf(binary.OperatorKind) is { } op:
                if (PropertyAndConstant(binary) is not ({ } column, var value, var flipped))
                {
                    throw new FeedQueryException("A comparison must compare a property with a literal value.");
                }

                return Compare(column, flipped ? Flip(op) : op, value);
            case InNode @in when Unwrap(@in.Left) is SingleValuePropertyAccessNode property:
                var inColumn = Column(property.Property.Name);
                var values = ConstantsOf(@in);
                if (values.Count == 0)
                {
                    throw new FeedQueryException("'in' needs at least one value.");
                }

                return values.Select(v => Compare(inColumn, ComparisonOperator.Eq, v)).Aggregate((l, r) => new OrExpression(l, r));
            case SingleValueFunctionCallNode call:
                return Function(call, rangeColumn: null);
            case AnyNode any when any.Source is CollectionPropertyAccessNode collection:
                return AnyOf(Column(collection.Property.Name), any.Body);
            default:
                throw new FeedQueryException($"This $filter expression ({Describe(node)}) is not supported by the access-review feed.");
        }
    }

    /// <summary><c>roles/any(r: r eq 'X' or startswith(r, 'Y'))</c>: SCIM matches a multi-valued attribute on any element.</summary>
    private FilterExpression AnyOf(FeedColumn column, SingleValueNode body)
    {
        if (column.ScimPath is null || !column.IsCollection)
        {
            throw new FeedQueryException($"'{column.Name}' cannot be used with any().");
        }

        body = Unwrap(body);
        switch (body)
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return new OrExpression(AnyOf(column, or.Left), AnyOf(column, or.Right));
            case BinaryOperatorNode binary when ComparisonOf(binary.OperatorKind) is ComparisonOperator.Eq:
                var (range, constant) = Unwrap(binary.Left) is ConstantNode ? (binary.Right, binary.Left) : (binary.Left, binary.Right);
                if (Unwrap(range) is not NonResourceRangeVariableReferenceNode || Unwrap(constant) is not ConstantNode literal)
                {
                    throw new FeedQueryException($"any() on '{column.Name}' compares the element with a literal: {column.Name}/any(x: x eq 'value').");
                }

                return Compare(column, ComparisonOperator.Eq, literal.Value);
            case SingleValueFunctionCallNode call:
                return Function(call, column);
            default:
                throw new FeedQueryException(
                    $"any() on '{column.Name}' supports 'eq', 'or', contains, startswith and endswith on the element ({Describe(body)} is not).");
        }
    }

    private FilterExpression Function(SingleValueFunctionCallNode call, FeedColumn? rangeColumn)
    {
        var op = call.Name switch
        {
            "contains" => ComparisonOperator.Co,
            "startswith" => ComparisonOperator.Sw,
            "endswith" => ComparisonOperator.Ew,
            _ => throw new FeedQueryException(
                $"The function '{call.Name}' is not supported by the access-review feed (contains, startswith and endswith are; string comparisons already ignore case)."),
        };
        var arguments = call.Parameters.Select(p => p is SingleValueNode single ? (QueryNode)Unwrap(single) : p).ToList();
        if (arguments is not [var subject, ConstantNode { Value: string text }])
        {
            throw new FeedQueryException($"{call.Name}() takes a property and a string literal.");
        }

        var column = subject switch
        {
            SingleValuePropertyAccessNode property => Column(property.Property.Name),
            NonResourceRangeVariableReferenceNode when rangeColumn is not null => rangeColumn,
            _ => throw new FeedQueryException($"{call.Name}() takes a property and a string literal."),
        };
        return Compare(column, op, text);
    }

    private static FilterExpression Compare(FeedColumn column, ComparisonOperator op, object? value)
    {
        if (column.ScimPath is null)
        {
            throw new FeedQueryException($"'{column.Name}' cannot be filtered on.");
        }

        var path = AttributePathText.TryParse(column.ScimPath)
            ?? throw new InvalidOperationException($"'{column.ScimPath}' is not an attribute path.");

        // "active eq true" must find the users without active too: they are active. SCIM's ne matches an absent value.
        if (column.WhenAbsent is { } absent && value is bool flag && op is ComparisonOperator.Eq or ComparisonOperator.Ne)
        {
            var matchesAbsent = (op == ComparisonOperator.Eq) == (flag == absent);
            return matchesAbsent
                ? new ComparisonExpression(path, ComparisonOperator.Ne, Literal(!absent))
                : new ComparisonExpression(path, ComparisonOperator.Eq, Literal(!absent));
        }

        return new ComparisonExpression(path, op, Literal(value));
    }

    private static FilterLiteral Literal(object? value) => value switch
    {
        null => FilterLiteral.Null,
        string text => FilterLiteral.String(text),
        bool flag => flag ? FilterLiteral.True : FilterLiteral.False,
        DateTimeOffset instant => FilterLiteral.String(instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        DateOnly date => FilterLiteral.String(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z"),
        int or long or decimal or double or float or short or byte => FilterLiteral.Number(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => throw new FeedQueryException($"A literal of type {value.GetType().Name} is not supported."),
    };

    private (FeedColumn? Column, object? Value, bool Flipped) PropertyAndConstant(BinaryOperatorNode binary)
    {
        var left = Unwrap(binary.Left);
        var right = Unwrap(binary.Right);
        return (left, right) switch
        {
            (SingleValuePropertyAccessNode p, ConstantNode c) => (Column(p.Property.Name), c.Value, false),
            (ConstantNode c, SingleValuePropertyAccessNode p) => (Column(p.Property.Name), c.Value, true),
            _ => (null, null, false),
        };
    }

    internal static IReadOnlyList<object?> ConstantsOf(InNode node) => node.Right switch
    {
        CollectionConstantNode constants => constants.Collection.Select(c => c.Value).ToList(),
        _ => throw new FeedQueryException("'in' takes a list of literal values: role in ('Analyst','Developer')."),
    };

    internal static ComparisonOperator? ComparisonOf(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Equal => ComparisonOperator.Eq,
        BinaryOperatorKind.NotEqual => ComparisonOperator.Ne,
        BinaryOperatorKind.GreaterThan => ComparisonOperator.Gt,
        BinaryOperatorKind.GreaterThanOrEqual => ComparisonOperator.Ge,
        BinaryOperatorKind.LessThan => ComparisonOperator.Lt,
        BinaryOperatorKind.LessThanOrEqual => ComparisonOperator.Le,
        _ => null,
    };

    private static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Gt => ComparisonOperator.Lt,
        ComparisonOperator.Ge => ComparisonOperator.Le,
        ComparisonOperator.Lt => ComparisonOperator.Gt,
        ComparisonOperator.Le => ComparisonOperator.Ge,
        _ => op,
    };

    internal static SingleValueNode Unwrap(SingleValueNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    private static QueryNode Unwrap(QueryNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    internal static string Describe(QueryNode node) => node switch
    {
        BinaryOperatorNode binary => $"operator '{binary.OperatorKind}'",
        UnaryOperatorNode unary => $"operator '{unary.OperatorKind}'",
        SingleValueFunctionCallNode call => $"function '{call.Name}'",
        AllNode => "all()",
        _ => node.Kind.ToString(),
    };
}
