using System.Globalization;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Bulk;

/// <summary>
/// RFC 7644 §3.7 Bulk: runs each operation through the same <see cref="ResourceService"/> as the single-resource
/// endpoints (so every product rule applies), resolves <c>bulkId:</c> references anywhere in an operation's path or
/// data whatever the order of the operations, refuses unknown and circular references with a clear error, stops after
/// <c>failOnErrors</c> errors, and answers each operation with its status, location, version or SCIM error.
/// </summary>
public sealed class BulkProcessor(ResourceService resources, ScimOptions options)
{
    private const string BulkIdPrefix = "bulkId:";

    // What ends a referenced bulkId: a path separator (/Users/bulkId:u1), a quote or a space (a bulkId inside a filter).
    private static readonly char[] ReferenceEnds = ['/', '"', ' '];

    public async Task<ScimResult<JObject>> ProcessAsync(ScimRequestContext context, JToken? body, CancellationToken cancellationToken)
    {
        var request = Read(body);
        if (!request.IsSuccess)
        {
            return request.Error;
        }

        var (operations, failOnErrors) = request.Value;
        var results = new JObject?[operations.Count];
        var createdIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var failedBulkIds = new HashSet<string>(StringComparer.Ordinal);
        var definedBulkIds = operations.Where(o => o.BulkId is not null && o.Method == "POST")
            .GroupBy(o => o.BulkId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var errors = 0;

        var (ordered, circular) = Order(operations, definedBulkIds);
        var batch = new List<(BulkOperation Operation, ResourceTypeDefinition ResourceType)>();
        for (var position = 0; position < ordered.Count; position++)
        {
            var operation = ordered[position];
            if (failOnErrors is { } limit && errors >= limit)
            {
                break;
            }

            // Operations in a bulkId cycle come last (see Order): resolve them together, then stop.
            if (circular.Contains(operation.Index))
            {
                foreach (var (item, outcome) in await RunCycleAsync(context, ordered.Skip(position).ToList(), definedBulkIds, createdIds, cancellationToken))
                {
                    results[item.Index] = outcome;
                    errors += IsSuccess(outcome) ? 0 : 1;
                }

                break;
            }

            // Runs of plain creations (no bulkId references, no members) go to the store as one batched write.
            // With failOnErrors the count must stop the request exactly, so nothing is batched then.
            if (failOnErrors is null && !circular.Contains(operation.Index) && BatchableTypeOf(operation) is { } batchType)
            {
                batch.Clear();
                while (position < ordered.Count && !circular.Contains(ordered[position].Index)
                    && BatchableTypeOf(ordered[position]) is { } type && type == batchType)
                {
                    batch.Add((ordered[position], type));
                    position++;
                }

                position--;
                var created = await resources.CreateManyAsync(context, batchType, batch.Select(b => b.Operation.Data).ToList(), cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    var item = batch[i].Operation;
                    if (created[i].IsSuccess)
                    {
                        createdIds[item.BulkId!] = (string)created[i].Value!.Body["id"]!;
                        results[item.Index] = Success(item, HttpStatusCode.Created, created[i].Value!.Location, created[i].Value!.ETag);
                    }
                    else
                    {
                        results[item.Index] = Failure(item, created[i].Error!);
                        failedBulkIds.Add(item.BulkId!);
                        errors++;
                    }
                }

                continue;
            }

            var result = await RunAsync(context, operation, definedBulkIds, createdIds, failedBulkIds, cancellationToken);
            results[operation.Index] = result;
            if (!IsSuccess(result))
            {
                errors++;
                if (operation.BulkId is not null)
                {
                    failedBulkIds.Add(operation.BulkId);
                }
            }
        }

        return new JObject
        {
            ["schemas"] = new JArray(ScimSchemaUrns.BulkResponse),
            ["Operations"] = new JArray(results.Where(r => r is not null)),
        };
    }

    /// <summary>
    /// RFC 7644 §3.7.1: the server MUST try to resolve circular references. Groups that name each other as members
    /// (the RFC's example) are created without those members, then given them by PATCH once every id is known. If
    /// that fails, or the cycle involves anything else, every operation of it fails with 409 and nothing of it stays.
    /// </summary>
    private async Task<List<(BulkOperation Operation, JObject Result)>> RunCycleAsync(
        ScimRequestContext context,
        IReadOnlyList<BulkOperation> cycle,
        Dictionary<string, BulkOperation> definedBulkIds,
        Dictionary<string, string> createdIds,
        CancellationToken cancellationToken)
    {
        List<(BulkOperation, JObject)> FailAll(string why) => cycle
            .Select(o => (o, Failure(o, new ScimError(HttpStatusCode.Conflict, null,
                $"Operation {o.Index} is part of, or waits on, a circular bulkId reference ({Cycle(o, definedBulkIds)}): {why}"))))
            .ToList();

        var groups = cycle.Select(o => (Operation: o, Type: resources.Registry.FindResourceTypeByEndpoint(o.Path.TrimEnd('/')))).ToList();
        if (groups.Any(g => g.Operation.Method != "POST" || g.Type is null || !GroupMembers.AppliesTo(g.Type) || !OnlyMembersRefer(g.Operation)))
        {
            return FailAll("only groups that name each other as members can be resolved.");
        }

        var created = new List<(BulkOperation Operation, ResourceTypeDefinition Type, string Id, JArray Deferred, JObject Result)>();
        foreach (var (operation, type) in groups)
        {
            var data = (JObject)Substitute(operation.Data!, createdIds);
            var members = data["members"] as JArray ?? [];
            static bool Unresolved(JToken member) => ((string?)member["value"])?.StartsWith(BulkIdPrefix, StringComparison.Ordinal) == true;
            var deferred = new JArray(members.Where(Unresolved));
            data["members"] = new JArray(members.Where(m => !Unresolved(m)));
            var result = await resources.CreateAsync(context, type!, data, AttributeSelection.Default, cancellationToken);
            if (!result.IsSuccess)
            {
                await DeleteAsync(context, created.Select(c => (c.Type, c.Id)), cancellationToken);
                return FailAll($"creating it failed: {result.Error.Detail}");
            }

            var id = (string)result.Value.Body["id"]!;
            createdIds[operation.BulkId!] = id;
            created.Add((operation, type!, id, deferred, Success(operation, HttpStatusCode.Created, result.Value.Location, result.Value.ETag)));
        }

        foreach (var (operation, type, id, deferred, result) in created.Where(c => c.Deferred.Count > 0))
        {
            var patch = new JObject
            {
                ["schemas"] = new JArray(ScimSchemaUrns.PatchOp),
                ["Operations"] = new JArray(new JObject { ["op"] = "add", ["path"] = "members", ["value"] = Substitute(deferred, createdIds) }),
            };
            var patched = await resources.PatchAsync(context, type, id, patch, ifMatch: null, selection: null, cancellationToken);
            if (!patched.IsSuccess)
            {
                await DeleteAsync(context, created.Select(c => (c.Type, c.Id)), cancellationToken);
                foreach (var bulkId in cycle.Select(o => o.BulkId!))
                {
                    createdIds.Remove(bulkId);
                }

                return FailAll($"adding the members failed: {patched.Error.Detail}");
            }

            result["version"] = patched.Value.ETag;
        }

        return created.Select(c => (c.Operation, c.Result)).ToList();
    }

    private static bool OnlyMembersRefer(BulkOperation operation)
    {
        var outside = new HashSet<string>(StringComparer.Ordinal);
        CollectReferences(new JValue(operation.Path), outside);
        foreach (var property in ((JObject)operation.Data!).Properties().Where(p => p.Name != "members"))
        {
            CollectReferences(property.Value, outside);
        }

        return outside.Count == 0;
    }

    private async Task DeleteAsync(ScimRequestContext context, IEnumerable<(ResourceTypeDefinition Type, string Id)> created, CancellationToken cancellationToken)
    {
        foreach (var (type, id) in created)
        {
            await resources.DeleteAsync(context, type, id, ifMatch: null, cancellationToken);
        }
    }

    private ResourceTypeDefinition? BatchableTypeOf(BulkOperation operation) =>
        operation is { Method: "POST", References.Count: 0, Data: JObject }
        && resources.Registry.FindResourceTypeByEndpoint(operation.Path.TrimEnd('/')) is { } type
        && !GroupMembers.AppliesTo(type)
            ? type
            : null;

    private async Task<JObject> RunAsync(
        ScimRequestContext context,
        BulkOperation operation,
        Dictionary<string, BulkOperation> definedBulkIds,
        Dictionary<string, string> createdIds,
        HashSet<string> failedBulkIds,
        CancellationToken cancellationToken)
    {
        foreach (var reference in operation.References)
        {
            if (!definedBulkIds.ContainsKey(reference))
            {
                return Failure(operation, ScimError.InvalidValue(
                    $"Operation {operation.Index} refers to bulkId '{reference}', which no POST operation of this request defines."));
            }

            if (failedBulkIds.Contains(reference))
            {
                return Failure(operation, new ScimError(HttpStatusCode.Conflict, null,
                    $"Operation {operation.Index} refers to bulkId '{reference}', whose operation failed."));
            }

            if (!createdIds.ContainsKey(reference))
            {
                return Failure(operation, new ScimError(HttpStatusCode.Conflict, null,
                    $"Operation {operation.Index} refers to its own bulkId '{reference}'."));
            }
        }

        var path = Substitute(new JValue(operation.Path), createdIds).ToString();
        var data = operation.Data is null ? null : Substitute(operation.Data, createdIds);
        var segments = path.Trim('/').Split('/');
        var resourceType = resources.Registry.FindResourceTypeByEndpoint("/" + segments[0]);
        if (resourceType is null || segments.Length > 2)
        {
            return Failure(operation, ScimError.InvalidPath($"'{operation.Path}' is not a resource path such as /Users or /Users/{{id}}."));
        }

        var id = segments.Length == 2 ? segments[1] : null;
        if ((operation.Method == "POST") != (id is null))
        {
            return Failure(operation, ScimError.InvalidPath(operation.Method == "POST"
                ? $"POST goes to a resource type's endpoint such as /Users, not to '{operation.Path}'."
                : $"{operation.Method} needs a resource id in its path, such as /Users/{{id}}."));
        }

        var ifMatch = operation.Version;
        switch (operation.Method)
        {
            case "POST":
            {
                var created = await resources.CreateAsync(context, resourceType, data, AttributeSelection.Default, cancellationToken);
                if (!created.IsSuccess)
                {
                    return Failure(operation, created.Error);
                }

                createdIds[operation.BulkId!] = (string)created.Value.Body["id"]!;
                return Success(operation, HttpStatusCode.Created, created.Value.Location, created.Value.ETag);
            }

            case "PUT":
            {
                var replaced = await resources.ReplaceAsync(context, resourceType, id!, data, ifMatch, AttributeSelection.Default, cancellationToken);
                return replaced.IsSuccess
                    ? Success(operation, HttpStatusCode.OK, replaced.Value.Location, replaced.Value.ETag)
                    : Failure(operation, replaced.Error);
            }

            case "PATCH":
            {
                var patched = await resources.PatchAsync(context, resourceType, id!, data, ifMatch, selection: null, cancellationToken);
                return patched.IsSuccess
                    ? Success(operation, HttpStatusCode.OK, patched.Value.Location, patched.Value.ETag)
                    : Failure(operation, patched.Error);
            }

            default:
            {
                var deleted = await resources.DeleteAsync(context, resourceType, id!, ifMatch, cancellationToken);
                return deleted.IsSuccess
                    ? Success(operation, HttpStatusCode.NoContent, context.LocationOf(resourceType.Endpoint, id!), null)
                    : Failure(operation, deleted.Error);
            }
        }
    }

    private ScimResult<(IReadOnlyList<BulkOperation> Operations, int? FailOnErrors)> Read(JToken? body)
    {
        if (body is not JObject request)
        {
            return ScimError.InvalidSyntax("A Bulk request must be a JSON object.");
        }

        var schemas = request["schemas"] as JArray;
        if (schemas is null || !schemas.Any(s => (string?)s == ScimSchemaUrns.BulkRequest))
        {
            return ScimError.InvalidSyntax($"A Bulk request must list \"{ScimSchemaUrns.BulkRequest}\" in 'schemas'.");
        }

        int? failOnErrors = null;
        if (request["failOnErrors"] is { Type: not JTokenType.Null } fail)
        {
            if (fail.Type != JTokenType.Integer || (int)fail < 1)
            {
                return ScimError.InvalidValue("'failOnErrors' must be an integer of 1 or more.");
            }

            failOnErrors = (int)fail;
        }

        var items = request.Properties().FirstOrDefault(p => p.Name.Equals("Operations", StringComparison.OrdinalIgnoreCase))?.Value as JArray;
        if (items is null || items.Count == 0)
        {
            return ScimError.InvalidSyntax("A Bulk request needs a non-empty 'Operations' array.");
        }

        // RFC 7644 §3.7.4: more operations than maxOperations is refused as a whole with 413.
        if (items.Count > options.MaxOperations)
        {
            return new ScimError(HttpStatusCode.RequestEntityTooLarge, null,
                $"The Bulk request has {items.Count} operations; the maximum is {options.MaxOperations}.");
        }

        var operations = new List<BulkOperation>(items.Count);
        var bulkIds = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is not JObject item)
            {
                return ScimError.InvalidSyntax($"Operations[{index}] must be a JSON object.");
            }

            var method = ((string?)item["method"])?.ToUpperInvariant();
            if (method is not ("POST" or "PUT" or "PATCH" or "DELETE"))
            {
                return ScimError.InvalidSyntax($"Operations[{index}]: method must be POST, PUT, PATCH or DELETE.");
            }

            var path = (string?)item["path"];
            if (string.IsNullOrWhiteSpace(path))
            {
                return ScimError.InvalidSyntax($"Operations[{index}]: 'path' is required.");
            }

            var bulkId = (string?)item["bulkId"];
            if (method == "POST" && string.IsNullOrEmpty(bulkId))
            {
                return ScimError.InvalidSyntax($"Operations[{index}]: a POST needs a 'bulkId' (RFC 7644 §3.7).");
            }

            if (bulkId is not null && !bulkIds.Add(bulkId))
            {
                return ScimError.InvalidValue($"Operations[{index}]: bulkId '{bulkId}' is used twice.");
            }

            var data = item["data"];
            if (method is "POST" or "PUT" or "PATCH" && data is not JObject)
            {
                return ScimError.InvalidSyntax($"Operations[{index}]: {method} needs a 'data' object.");
            }

            var references = new HashSet<string>(StringComparer.Ordinal);
            CollectReferences(new JValue(path), references);
            if (data is not null)
            {
                CollectReferences(data, references);
            }

            operations.Add(new BulkOperation(index, method, bulkId, (string?)item["version"], path, data) { References = references });
        }

        return (operations, failOnErrors);
    }

    /// <summary>
    /// Request order, except that an operation waits until the operations whose bulkIds it names have run
    /// (a stable topological order). Operations that can never run — in a cycle, or waiting on one — come last,
    /// marked circular.
    /// </summary>
    private static (List<BulkOperation> Ordered, HashSet<int> Circular) Order(
        IReadOnlyList<BulkOperation> operations, Dictionary<string, BulkOperation> definedBulkIds)
    {
        var ordered = new List<BulkOperation>(operations.Count);
        var done = new HashSet<int>();
        var pending = operations.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(o => o.References.All(r =>
                !definedBulkIds.TryGetValue(r, out var target) || target.Index == o.Index || done.Contains(target.Index)));
            if (ready is null)
            {
                ordered.AddRange(pending);
                return (ordered, pending.Select(o => o.Index).ToHashSet());
            }

            done.Add(ready.Index);
            pending.Remove(ready);
            ordered.Add(ready);
        }

        return (ordered, []);
    }

    private static string Cycle(BulkOperation start, Dictionary<string, BulkOperation> definedBulkIds)
    {
        var chain = new List<string>();
        var current = start;
        var seen = new HashSet<int>();
        while (seen.Add(current.Index))
        {
            var next = current.References.Select(r => definedBulkIds.GetValueOrDefault(r)).FirstOrDefault(t => t is not null);
            if (next is null)
            {
                break;
            }

            chain.Add(next.BulkId!);
            current = next;
        }

        return string.Join(" → ", chain.Prepend(start.BulkId ?? $"operation {start.Index}"));
    }

    private static void CollectReferences(JToken token, HashSet<string> references)
    {
        switch (token)
        {
            case JValue { Type: JTokenType.String } value:
                foreach (var (_, _, bulkId) in ReferencesIn((string)value!))
                {
                    references.Add(bulkId);
                }

                break;
            case JContainer container:
                foreach (var child in container.Children())
                {
                    CollectReferences(child is JProperty property ? property.Value : child, references);
                }

                break;
        }
    }

    /// <summary>
    /// Each <c>bulkId:</c> reference in <paramref name="text"/>: the prefix and the whole id after it, up to one of
    /// <see cref="ReferenceEnds"/> or the end of the text. A reference is always taken whole, so <c>bulkId:u1</c>
    /// never matches the start of <c>bulkId:u10</c>.
    /// </summary>
    private static IEnumerable<(int Start, int Length, string BulkId)> ReferencesIn(string text)
    {
        var at = text.IndexOf(BulkIdPrefix, StringComparison.Ordinal);
        while (at >= 0)
        {
            var idStart = at + BulkIdPrefix.Length;
            var end = text.IndexOfAny(ReferenceEnds, idStart);
            end = end < 0 ? text.Length : end;
            if (end > idStart)
            {
                yield return (at, end - at, text[idStart..end]);
            }

            at = text.IndexOf(BulkIdPrefix, end, StringComparison.Ordinal);
        }
    }

    private static JToken Substitute(JToken token, Dictionary<string, string> createdIds)
    {
        switch (token)
        {
            case JValue { Type: JTokenType.String } value:
                var text = (string)value!;
                var resolved = new StringBuilder(text.Length);
                var copied = 0;
                foreach (var (start, length, bulkId) in ReferencesIn(text))
                {
                    if (createdIds.TryGetValue(bulkId, out var id))
                    {
                        resolved.Append(text, copied, start - copied).Append(id);
                        copied = start + length;
                    }
                }

                return new JValue(resolved.Append(text, copied, text.Length - copied).ToString());
            case JObject obj:
                var copy = new JObject();
                foreach (var property in obj.Properties())
                {
                    copy[property.Name] = Substitute(property.Value, createdIds);
                }

                return copy;
            case JArray array:
                return new JArray(array.Select(item => Substitute(item, createdIds)));
            default:
                return token.DeepClone();
        }
    }

    private static JObject Success(BulkOperation operation, HttpStatusCode status, string location, string? version)
    {
        var result = Result(operation, status);
        result["location"] = location;
        if (version is not null)
        {
            result["version"] = version;
        }

        return result;
    }

    private static JObject Failure(BulkOperation operation, ScimError error)
    {
        var result = Result(operation, error.Status);
        var response = new JObject
        {
            ["schemas"] = new JArray(ScimSchemaUrns.Error),
            ["status"] = ((int)error.Status).ToString(CultureInfo.InvariantCulture),
        };
        if (error.ScimType is not null)
        {
            response["scimType"] = error.ScimType;
        }

        response["detail"] = error.Detail;
        result["response"] = response;
        return result;
    }

    private static JObject Result(BulkOperation operation, HttpStatusCode status)
    {
        var result = new JObject { ["method"] = operation.Method };
        if (operation.BulkId is not null)
        {
            result["bulkId"] = operation.BulkId;
        }

        result["status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        return result;
    }

    private static bool IsSuccess(JObject? result) =>
        result is not null && int.TryParse((string?)result["status"], CultureInfo.InvariantCulture, out var status) && status < 400;
}
