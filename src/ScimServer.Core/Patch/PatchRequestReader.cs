using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// Reads a PatchOp request body (RFC 7644 §3.5.2). Tolerant where identity providers differ from the RFC's spelling:
/// Entra ID capitalises op names ("Replace", "Add") and some clients capitalise the member names ("Op", "Path").
/// </summary>
public static class PatchRequestReader
{
    /// <summary>
    /// The most operations one request may carry: the whole request is applied to one in-memory copy of the resource,
    /// so this bounds the work and memory of a single PATCH.
    /// </summary>
    public const int MaxOperations = 1000;

    private const string SchemasKey = "schemas";
    private const string OperationsKey = "Operations";

    public static ScimResult<IReadOnlyList<PatchOperation>> Read(JToken? body)
    {
        if (body is not JObject request)
        {
            return ScimError.InvalidSyntax("The request body must be a JSON object.");
        }

        if (Member(request, SchemasKey) is not JArray schemas
            || !schemas.Any(s => s.Type == JTokenType.String
                && string.Equals((string?)s, ScimSchemaUrns.PatchOp, StringComparison.OrdinalIgnoreCase)))
        {
            return ScimError.InvalidSyntax($"'schemas' must contain \"{ScimSchemaUrns.PatchOp}\".");
        }

        if (Member(request, OperationsKey) is not JArray operations || operations.Count == 0)
        {
            return ScimError.InvalidSyntax("'Operations' must be a non-empty array of operations.");
        }

        if (operations.Count > MaxOperations)
        {
            return ScimError.InvalidValue(
                $"The request has {operations.Count} operations; at most {MaxOperations} are allowed in one request.");
        }

        var result = new List<PatchOperation>(operations.Count);
        for (var index = 0; index < operations.Count; index++)
        {
            var operation = ReadOperation(operations[index], index);
            if (!operation.IsSuccess)
            {
                return operation.Error;
            }

            result.Add(operation.Value);
        }

        return result;
    }

    private static ScimResult<PatchOperation> ReadOperation(JToken token, int index)
    {
        if (token is not JObject operation)
        {
            return ScimError.InvalidSyntax($"Operations[{index}] must be a JSON object.");
        }

        var opText = Member(operation, "op");
        if (opText?.Type != JTokenType.String)
        {
            return ScimError.InvalidSyntax($"Operations[{index}]: 'op' must be \"add\", \"remove\" or \"replace\".");
        }

        var op = ParseOp((string)opText!);
        if (op is null)
        {
            return ScimError.InvalidSyntax(
                $"Operations[{index}]: '{(string)opText!}' is not an operation; use \"add\", \"remove\" or \"replace\".");
        }

        string? path = null;
        var pathToken = Member(operation, "path");
        if (pathToken is not null && pathToken.Type != JTokenType.Null)
        {
            if (pathToken.Type != JTokenType.String)
            {
                return ScimError.InvalidSyntax($"Operations[{index}]: 'path' must be a string.");
            }

            // An empty path is how some clients write "no path".
            path = string.IsNullOrWhiteSpace((string?)pathToken) ? null : ((string)pathToken!).Trim();
        }

        // RFC 7644 §3.5.2.1 / §3.5.2.3: add and replace MUST carry a value. Without one there is nothing to write, and
        // reading the absence as "clear" would delete the target on a malformed request.
        var value = Member(operation, "value");
        if (value is null && op != PatchOperationType.Remove)
        {
            return ScimError.InvalidValue($"Operations[{index}]: '{Name(op.Value)}' needs a 'value' (RFC 7644 §3.5.2).");
        }

        return new PatchOperation(op.Value, path, value);
    }

    private static string Name(PatchOperationType op) => op.ToString().ToLowerInvariant();

    private static PatchOperationType? ParseOp(string text) => text.ToLowerInvariant() switch
    {
        "add" => PatchOperationType.Add,
        "remove" => PatchOperationType.Remove,
        "replace" => PatchOperationType.Replace,
        _ => null,
    };

    private static JToken? Member(JObject obj, string name) =>
        obj.Property(name, StringComparison.OrdinalIgnoreCase)?.Value;
}
