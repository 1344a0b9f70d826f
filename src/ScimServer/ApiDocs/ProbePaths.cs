using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ScimServer.ApiDocs;

/// <summary>
/// The health probes in the admin document: health-check endpoints have no handler method for the API explorer
/// to describe, so they are written here.
/// </summary>
internal sealed class ProbePaths : IDocumentProcessor
{
    public static readonly IReadOnlyDictionary<string, string> Probes = new Dictionary<string, string>
    {
        ["/health/live"] = "Liveness: the process serves HTTP (200 Healthy).",
        ["/health/ready"] = "Readiness: and the store answers (200 Healthy, 503 Unhealthy).",
    };

    public void Process(DocumentProcessorContext context)
    {
        foreach (var (path, summary) in Probes)
        {
            var operation = new OpenApiOperation
            {
                OperationId = path == "/health/live" ? "Live" : "Ready",
                Summary = summary,
                Tags = ["Operations"],
            };
            operation.Responses["200"] = Text("Healthy");
            if (path == "/health/ready")
            {
                operation.Responses["503"] = Text("Unhealthy: the store does not answer.");
            }

            context.Document.Paths[path] = new OpenApiPathItem { [OpenApiOperationMethod.Get] = operation };
        }
    }

    private static OpenApiResponse Text(string description)
    {
        var response = new OpenApiResponse { Description = description };
        response.Content["text/plain"] = new OpenApiMediaType { Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String } };
        return response;
    }
}
