namespace ScimServer.Core.Schema;

/// <summary>RFC 7643 §7 "mutability".</summary>
public enum Mutability
{
    ReadWrite,
    ReadOnly,
    Immutable,
    WriteOnly,
}
