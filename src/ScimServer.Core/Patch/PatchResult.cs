using Newtonsoft.Json.Linq;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Patch;

/// <summary>
/// What a PATCH request does: the patched document (still to be validated as a whole) and, for a group, the change
/// to its members, which live as edges rather than in the document.
/// </summary>
public sealed record PatchResult(JObject Document, MembershipChange Members);
