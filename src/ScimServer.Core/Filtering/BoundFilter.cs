namespace ScimServer.Core.Filtering;

/// <summary>A filter bound to the schema: what the stores translate and the in-memory evaluator runs.</summary>
public abstract record BoundFilter;

public sealed record BoundAnd(BoundFilter Left, BoundFilter Right) : BoundFilter;

public sealed record BoundOr(BoundFilter Left, BoundFilter Right) : BoundFilter;

public sealed record BoundNot(BoundFilter Inner) : BoundFilter;

/// <summary>
/// <c>attribute op value</c>. <see cref="CaseExact"/> comes from the attribute's definition: when false, strings
/// compare after case folding (so <c>userName eq "ALICE@X.ORG"</c> finds <c>alice@x.org</c>).
/// </summary>
public sealed record BoundComparison(BoundAttribute Attribute, ComparisonOperator Operator, BoundLiteral Value) : BoundFilter
{
    public bool CaseExact => Attribute.Leaf.CaseExact;
}

public sealed record BoundPresent(BoundAttribute Attribute) : BoundFilter;

/// <summary>Some element of the multi-valued <see cref="Attribute"/> satisfies <see cref="Filter"/> (element-relative paths).</summary>
public sealed record BoundValuePath(BoundAttribute Attribute, BoundFilter Filter) : BoundFilter;
