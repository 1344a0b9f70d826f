using System.Net;

namespace ScimServer.Core.Protocol;

/// <summary>An expected failure: the HTTP status, the RFC 7644 §3.12 <c>scimType</c> and a detail for people.</summary>
public sealed record ScimError(HttpStatusCode Status, string? ScimType, string Detail)
{
    public static ScimError BadRequest(string scimType, string detail) => new(HttpStatusCode.BadRequest, scimType, detail);
    public static ScimError InvalidFilter(string detail) => BadRequest(Protocol.ScimType.InvalidFilter, detail);
    public static ScimError InvalidValue(string detail) => BadRequest(Protocol.ScimType.InvalidValue, detail);
    public static ScimError InvalidSyntax(string detail) => BadRequest(Protocol.ScimType.InvalidSyntax, detail);
    public static ScimError InvalidPath(string detail) => BadRequest(Protocol.ScimType.InvalidPath, detail);
    public static ScimError Mutability(string detail) => BadRequest(Protocol.ScimType.Mutability, detail);
    public static ScimError NotFound(string detail) => new(HttpStatusCode.NotFound, null, detail);
    public static ScimError Conflict(string detail) => new(HttpStatusCode.Conflict, Protocol.ScimType.Uniqueness, detail);
    public static ScimError PreconditionFailed(string detail) => new(HttpStatusCode.PreconditionFailed, null, detail);
    public static ScimError Unauthorized(string detail) => new(HttpStatusCode.Unauthorized, null, detail);
    public static ScimError Forbidden(string detail) => new(HttpStatusCode.Forbidden, null, detail);
}
