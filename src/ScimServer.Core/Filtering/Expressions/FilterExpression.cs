namespace ScimServer.Core.Filtering.Expressions;

/// <summary>The syntax tree of a SCIM filter (RFC 7644 §3.4.2.2), as parsed; immutable.</summary>
public abstract record FilterExpression;

/// <summary><c>left and right</c>.</summary>
public sealed record AndExpression(FilterExpression Left, FilterExpression Right) : FilterExpression;

/// <summary><c>left or right</c>.</summary>
public sealed record OrExpression(FilterExpression Left, FilterExpression Right) : FilterExpression;

/// <summary><c>not (inner)</c>.</summary>
public sealed record NotExpression(FilterExpression Inner) : FilterExpression;

/// <summary><c>attrPath op compValue</c>.</summary>
public sealed record ComparisonExpression(AttributePath Path, ComparisonOperator Operator, FilterLiteral Value) : FilterExpression;

/// <summary><c>attrPath pr</c>.</summary>
public sealed record PresentExpression(AttributePath Path) : FilterExpression;

/// <summary>
/// <c>attrPath[valFilter]</c>: matches when one element of the multi-valued attribute satisfies the inner filter,
/// whose paths are relative to that element (<c>emails[type eq "work" and value co "@x.org"]</c>).
/// </summary>
public sealed record ValuePathExpression(AttributePath Path, FilterExpression Filter) : FilterExpression;
