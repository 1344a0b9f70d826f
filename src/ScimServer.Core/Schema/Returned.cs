namespace ScimServer.Core.Schema;

/// <summary>RFC 7643 §7 "returned".</summary>
public enum Returned
{
    Default,
    Always,
    Never,
    Request,
}
