using NJsonSchema;
using NSwag;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using static ScimServer.ApiDocs.ScimJsonSchemas;

namespace ScimServer.ApiDocs;

/// <summary>What each SCIM endpoint answers (RFC 7644 §3): its statuses, parameters and bodies, for the SCIM document.</summary>
internal static class ScimApiOperations
{
    private const string DiscoveryTag = "Discovery";

    private static readonly ApiParameter Attributes = new("attributes", OpenApiParameterKind.Query,
        "Comma-separated attributes to return (and those returned always), e.g. userName,emails (RFC 7644 §3.9).");

    private static readonly ApiParameter ExcludedAttributes = new("excludedAttributes", OpenApiParameterKind.Query,
        "Comma-separated attributes to leave out of the default set, e.g. members (RFC 7644 §3.9).");

    private static readonly ApiParameter[] ListParameters =
    [
        new("filter", OpenApiParameterKind.Query, "A SCIM filter (RFC 7644 §3.4.2.2), e.g. userName eq \"alice@contoso.com\"."),
        new("sortBy", OpenApiParameterKind.Query, "The attribute to sort by (RFC 7644 §3.4.2.3)."),
        new("sortOrder", OpenApiParameterKind.Query, "ascending (the default) or descending.") { Values = ["ascending", "descending"] },
        new("startIndex", OpenApiParameterKind.Query, "1-based index of the first result (index paging, RFC 7644 §3.4.2.4).", JsonObjectType.Integer),
        new("count", OpenApiParameterKind.Query, "The page size; at most the configured maximum.", JsonObjectType.Integer),
        new("cursor", OpenApiParameterKind.Query, "Cursor paging (RFC 9865): empty for the first page, then the previous page's nextCursor."),
        Attributes,
        ExcludedAttributes,
    ];

    private static readonly ApiParameter IfMatch = new("If-Match", OpenApiParameterKind.Header,
        "Apply only if the resource still has this ETag (RFC 7644 §3.14); otherwise 412.");

    private static readonly ApiParameter IfNoneMatch = new("If-None-Match", OpenApiParameterKind.Header,
        "Answer 304 without a body if the resource still has this ETag (RFC 7644 §3.14).");

    private static readonly ApiParameter Prefer = new("Prefer", OpenApiParameterKind.Header,
        "return=minimal (204, no body) or return=representation (200 with the resource) (RFC 7240).");

    public static ApiOperation List(ResourceTypeDefinition type) => new()
    {
        OperationId = $"List{type.Name}s",
        Summary = $"List or filter {type.Name} resources (RFC 7644 §3.4.2).",
        Tag = type.Name,
        Parameters = ListParameters,
        Responses = [Ok($"A page of {type.Name} resources.", ListResponseOf(type)), .. Errors(400, 401, 403, 404)],
    };

    public static ApiOperation Search(ResourceTypeDefinition type) => new()
    {
        OperationId = $"Search{type.Name}s",
        Summary = $"Query {type.Name} resources with a body (RFC 7644 §3.4.3).",
        Tag = type.Name,
        RequestSchema = SearchRequest,
        RequestExample = ApiExamples.Search(type),
        Responses = [Ok($"A page of {type.Name} resources.", ListResponseOf(type)), .. Errors(400, 401, 403, 404, 413)],
    };

    public static ApiOperation Create(ResourceTypeDefinition type) => new()
    {
        OperationId = $"Create{type.Name}",
        Summary = $"Create a {type.Name} (RFC 7644 §3.3).",
        Tag = type.Name,
        RequestSchema = type.Name,
        RequestExample = ApiExamples.Create(type),
        Parameters = [Attributes, ExcludedAttributes],
        Responses =
        [
            new ApiResponse(201, $"The new {type.Name}.", type.Name) { ETag = true, Location = true },
            .. Errors(400, 401, 403, 404, 409, 413),
        ],
    };

    public static ApiOperation Get(ResourceTypeDefinition type) => new()
    {
        OperationId = $"Get{type.Name}",
        Summary = $"Read one {type.Name} (RFC 7644 §3.4.1).",
        Tag = type.Name,
        Parameters = [Attributes, ExcludedAttributes, IfNoneMatch],
        Responses =
        [
            new ApiResponse(200, $"The {type.Name}.", type.Name) { ETag = true },
            new ApiResponse(304, "Not modified: If-None-Match named the current version.") { ETag = true },
            .. Errors(400, 401, 403, 404),
        ],
    };

    public static ApiOperation Replace(ResourceTypeDefinition type) => new()
    {
        OperationId = $"Replace{type.Name}",
        Summary = $"Replace a {type.Name} (RFC 7644 §3.5.1).",
        Tag = type.Name,
        RequestSchema = type.Name,
        RequestExample = ApiExamples.Create(type),
        Parameters = [Attributes, ExcludedAttributes, IfMatch],
        Responses =
        [
            new ApiResponse(200, $"The replaced {type.Name}.", type.Name) { ETag = true, Location = true },
            .. Errors(400, 401, 403, 404, 409, 412, 413),
        ],
    };

    public static ApiOperation Patch(ResourceTypeDefinition type)
    {
        // Groups answer 204 by default, as Microsoft Entra ID expects (ResourceEndpoints.WantsRepresentation).
        var groups = type.Name == ScimResourceTypes.Group;
        return new ApiOperation
        {
            OperationId = $"Patch{type.Name}",
            Summary = $"Change part of a {type.Name} (RFC 7644 §3.5.2).",
            Description = groups
                ? "Answers 204 without a body unless the request asks for the resource (Prefer: return=representation, attributes or excludedAttributes)."
                : "Answers 200 with the resource unless the request sends Prefer: return=minimal.",
            Tag = type.Name,
            RequestSchema = PatchOp,
            RequestExample = ApiExamples.Patch(type),
            Parameters = [Attributes, ExcludedAttributes, IfMatch, Prefer],
            Responses =
            [
                new ApiResponse(200, $"The changed {type.Name}.", type.Name) { ETag = true, Location = true },
                new ApiResponse(204, "Changed; no body.") { ETag = true },
                .. Errors(400, 401, 403, 404, 409, 412, 413),
            ],
        };
    }

    public static ApiOperation Delete(ResourceTypeDefinition type) => new()
    {
        OperationId = $"Delete{type.Name}",
        Summary = $"Delete a {type.Name} (RFC 7644 §3.6).",
        Tag = type.Name,
        Parameters = [IfMatch],
        Responses = [new ApiResponse(204, "Deleted."), .. Errors(401, 403, 404, 412)],
    };

    public static ApiOperation SearchAll() => new()
    {
        OperationId = "SearchAll",
        Summary = "Query resources of every type with a body (RFC 7644 §3.4.3).",
        Tag = "Search",
        RequestSchema = SearchRequest,
        RequestExample = ApiExamples.SearchAll(),
        Responses = [Ok("A page of resources of any type.", ListResponse), .. Errors(400, 401, 403, 404, 413)],
    };

    public static ApiOperation Bulk() => new()
    {
        OperationId = "Bulk",
        Summary = "Several operations in one request (RFC 7644 §3.7).",
        Description = "The body may be at most bulk.maxPayloadSize bytes and bulk.maxOperations operations (see ServiceProviderConfig); over either is 413.",
        Tag = "Bulk",
        RequestSchema = BulkRequest,
        RequestExample = ApiExamples.Bulk(),
        Responses = [Ok("One result per operation.", BulkResponse), .. Errors(400, 401, 403, 404, 413)],
    };

    public static ApiOperation Discovery(string operationId, string summary, bool byName = false) => new()
    {
        OperationId = operationId,
        Summary = summary,
        Tag = DiscoveryTag,
        Responses = [Ok("The representation (RFC 7643 §5–§7).", AnyObject), .. (byName ? Errors(401, 403, 404) : Errors(401, 403))],
    };

    public static ApiOperation DiscoveryList(string operationId, string summary) => new()
    {
        OperationId = operationId,
        Summary = summary,
        Tag = DiscoveryTag,
        Responses = [Ok("Every one, as a ListResponse.", AnyObject), .. Errors(401, 403)],
    };

    private static ApiResponse Ok(string description, string schema) => new(200, description, schema);

    /// <summary>The SCIM errors an operation may answer, with the Error body; 429 comes from the authentication-failure limit.</summary>
    public static IEnumerable<ApiResponse> Errors(params int[] statuses)
    {
        foreach (var status in statuses.Append(429))
        {
            yield return new ApiResponse(status, ErrorDescription(status), Error);
        }
    }

    private static string ErrorDescription(int status) => status switch
    {
        400 => "Bad request: invalid syntax, filter, path or value (scimType says which).",
        401 => "No, an unknown, a revoked or an expired bearer token.",
        403 => "The token may not do this (a tenant's token cannot name another tenant; a server-admin token must name one).",
        404 => "No such resource (or tenant).",
        409 => "Uniqueness: another resource already has this value (e.g. userName).",
        412 => "If-Match does not name the resource's current version.",
        413 => "The body is over the configured limit (Scim:MaxPayloadBytes, or Bulk's maxOperations).",
        429 => "Too many failed authentications from this address; see Retry-After.",
        _ => "Error.",
    };
}
