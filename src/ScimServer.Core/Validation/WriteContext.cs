namespace ScimServer.Core.Validation;

/// <summary>
/// What a request body is for; it decides how mutability applies (the "request context" of scim2-models):
/// on create a read-only attribute is an error, on replace it is ignored (RFC 7644 §3.5.1).
/// </summary>
public enum WriteContext
{
    Create,
    Replace,
}
