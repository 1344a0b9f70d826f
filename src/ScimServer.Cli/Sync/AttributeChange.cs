using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;

namespace ScimServer.Cli.Sync;

/// <summary>One attribute a mover changes: its column, the value the server has, and the value the file has.</summary>
internal sealed record AttributeChange(UserColumn Column, JToken? Old, JToken New);
