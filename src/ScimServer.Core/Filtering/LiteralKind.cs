namespace ScimServer.Core.Filtering;

/// <summary>The kinds of <c>compValue</c> in RFC 7644 §3.4.2.2: false / null / true / number / string.</summary>
public enum LiteralKind
{
    String,
    Number,
    Boolean,
    Null,
}
