using Newtonsoft.Json.Linq;

namespace ScimServer.ApiDocs;

/// <summary>
/// Endpoint metadata that says what the OpenAPI documents cannot infer from a minimal-API handler that reads its
/// own body and answers through <see cref="IResult"/>: the real status codes, query parameters, headers and bodies.
/// <see cref="ApiOperationProcessor"/> writes it into the operation.
/// </summary>
internal sealed record ApiOperation
{
    public required string OperationId { get; init; }
    public required string Summary { get; init; }
    public required string Tag { get; init; }
    public string? Description { get; init; }

    /// <summary>The component schema of the request body (a name from <see cref="ScimJsonSchemas"/>), or null for none.</summary>
    public string? RequestSchema { get; init; }

    public string RequestMediaType { get; init; } = Http.ScimMediaTypes.Scim;
    public JToken? RequestExample { get; init; }
    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];
    public required IReadOnlyList<ApiResponse> Responses { get; init; }

    /// <summary>No bearer token needed (the root, the health probes, the OAuth token endpoint).</summary>
    public bool Anonymous { get; init; }
}
