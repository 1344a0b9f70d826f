namespace ScimServer.Core.Schema;

/// <summary>RFC 7643 §2.3 attribute data types.</summary>
public enum AttributeType
{
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}
