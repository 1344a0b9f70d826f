namespace ScimServer.Core.Filtering;

/// <summary>RFC 7644 §3.4.2.2 attribute operators other than <c>pr</c>.</summary>
public enum ComparisonOperator
{
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}
