namespace ScimServer.Core.Patch;

/// <summary>The three PATCH operations of RFC 7644 §3.5.2.</summary>
public enum PatchOperationType
{
    Add,
    Remove,
    Replace,
}
