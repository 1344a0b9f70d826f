using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Resources;

/// <summary>A list response (RFC 7644 §3.4.2) ready to send.</summary>
public sealed record ListResult(JObject Body);
