using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Import;

/// <summary>One attribute an update changes: its column, the value the server has, and the value the file has.</summary>
public sealed record AttributeChange(ImportColumn Column, JToken? Old, JToken New);
