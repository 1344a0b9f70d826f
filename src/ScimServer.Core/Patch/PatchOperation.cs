using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Patch;

/// <summary>One entry of a PatchOp request's <c>Operations</c>, as sent: the path is parsed when it is applied.</summary>
public sealed record PatchOperation(PatchOperationType Op, string? Path, JToken? Value);
