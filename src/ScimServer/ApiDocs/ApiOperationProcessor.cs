using System.Globalization;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using ScimServer.Http;

namespace ScimServer.ApiDocs;

/// <summary>
/// Writes an endpoint's <see cref="ApiOperation"/> metadata into its OpenAPI operation, replacing what the API
/// explorer guessed (every response 200, no body) from handlers that read and write JSON themselves.
/// </summary>
internal sealed partial class ApiOperationProcessor(ScimJsonSchemas schemas) : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var description = (context as AspNetCoreOperationProcessorContext)?.ApiDescription;
        var metadata = description?.ActionDescriptor.EndpointMetadata;
        var spec = metadata?.OfType<ApiOperation>().LastOrDefault();
        if (spec is null)
        {
            return true;
        }

        // NSwag drops a route parameter no handler parameter binds ({tenant}, which the SCIM endpoint filter reads):
        // the route itself is the path (without the trailing slash an empty sub-route such as /Users's leaves).
        var path = "/" + description!.RelativePath!.Trim('/');
        context.OperationDescription.Path = path;
        var operation = context.OperationDescription.Operation;
        var forTenant = path.StartsWith(ApiDocumentation.TenantPrefix, StringComparison.Ordinal);
        var operationId = spec.OperationId;

        // One handler mapped for several methods (PATCH and PUT of a tenant) gives one operation per method.
        if (metadata!.OfType<IHttpMethodMetadata>().LastOrDefault() is { HttpMethods.Count: > 1 })
        {
            operationId += CultureInfo.InvariantCulture.TextInfo.ToTitleCase(context.OperationDescription.Method.ToLowerInvariant());
        }

        operation.OperationId = forTenant ? operationId + "ForTenant" : operationId;
        operation.Summary = forTenant ? spec.Summary + " (a tenant chosen by a server-admin token)" : spec.Summary;
        operation.Description = spec.Description;
        operation.Tags = [spec.Tag];

        SetParameters(operation, path, spec);
        SetRequestBody(context, operation, spec);
        SetResponses(context, operation, spec);
        // Per operation, not document-wide: NSwag leaves out an empty "security" list, so an open operation
        // (the token endpoint, the root) could not opt out of a global requirement.
        operation.Security = spec.Anonymous
            ? null
            : [new OpenApiSecurityRequirement { [ApiDocumentation.Bearer] = [] }, new OpenApiSecurityRequirement { [ApiDocumentation.OAuth2] = [] }];

        return true;
    }

    private static void SetParameters(OpenApiOperation operation, string path, ApiOperation spec)
    {
        operation.Parameters.Clear();
        foreach (Match match in RouteParameter().Matches(path))
        {
            var name = match.Groups[1].Value;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                Kind = OpenApiParameterKind.Path,
                IsRequired = true,
                Schema = new JsonSchema { Type = JsonObjectType.String },
                Description = name == ScimEndpointFilter.TenantRouteValue ? "The tenant's id (only a server-admin token may name one)." : null,
            });
        }

        foreach (var parameter in spec.Parameters)
        {
            var schema = new JsonSchema { Type = parameter.Type };
            foreach (var value in parameter.Values)
            {
                schema.Enumeration.Add(value);
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                Kind = parameter.Kind,
                Description = parameter.Description,
                Schema = schema,
            });
        }
    }

    private void SetRequestBody(OperationProcessorContext context, OpenApiOperation operation, ApiOperation spec)
    {
        if (spec.RequestSchema is null)
        {
            operation.RequestBody = null;
            return;
        }

        var media = new OpenApiMediaType { Schema = Reference(context, spec.RequestSchema), Example = spec.RequestExample };
        operation.RequestBody = new OpenApiRequestBody { IsRequired = true };
        operation.RequestBody.Content[spec.RequestMediaType] = media;
        if (spec.RequestMediaType == ScimMediaTypes.Scim)
        {
            // RFC 7644 §3.1: clients may send application/json too (Okta does).
            operation.RequestBody.Content[ScimMediaTypes.Json] = new OpenApiMediaType { Schema = media.Schema, Example = spec.RequestExample };
        }
    }

    private void SetResponses(OperationProcessorContext context, OpenApiOperation operation, ApiOperation spec)
    {
        operation.Responses.Clear();
        foreach (var documented in spec.Responses)
        {
            var response = new OpenApiResponse { Description = documented.Description };
            if (documented.Schema is not null)
            {
                response.Content[documented.MediaType] = new OpenApiMediaType { Schema = Reference(context, documented.Schema) };
            }

            if (documented.ETag)
            {
                response.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The resource's version, a weak entity tag (RFC 7644 §3.14); send it back in If-Match or If-None-Match.",
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                };
            }

            if (documented.Location)
            {
                response.Headers["Location"] = new OpenApiHeader
                {
                    Description = "The URI of the new resource.",
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                };
            }

            operation.Responses[documented.Status.ToString(CultureInfo.InvariantCulture)] = response;
        }
    }

    private JsonSchema Reference(OperationProcessorContext context, string name)
    {
        schemas.AddTo(context.Document);
        return context.Document.Components.Schemas.TryGetValue(name, out var schema)
            ? new JsonSchema { Reference = schema }
            : throw new InvalidOperationException($"The OpenAPI document has no schema '{name}'.");
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
