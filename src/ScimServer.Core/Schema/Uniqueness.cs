namespace ScimServer.Core.Schema;

/// <summary>RFC 7643 §7 "uniqueness".</summary>
public enum Uniqueness
{
    None,
    Server,
    Global,
}
