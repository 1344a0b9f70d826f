using NSwag;

namespace ScimServer.ApiDocs;

/// <summary>A query parameter or request header of an <see cref="ApiOperation"/>.</summary>
internal sealed record ApiParameter(string Name, OpenApiParameterKind Kind, string Description, NJsonSchema.JsonObjectType Type = NJsonSchema.JsonObjectType.String)
{
    public IReadOnlyList<string> Values { get; init; } = [];
}
