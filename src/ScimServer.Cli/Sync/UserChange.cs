using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Sync;

/// <summary>One user's line in a plan: the row (absent for a leaver), the server's user (absent for a joiner), the changes.</summary>
internal sealed record UserChange
{
    public required string Key { get; init; }

    public required ChangeKind Kind { get; init; }

    public UserRow? Row { get; init; }

    public JObject? Current { get; init; }

    public IReadOnlyList<AttributeChange> Changes { get; init; } = [];

    public string? Id => (string?)Current?["id"];

    /// <summary>The PATCH body of a mover: one replace per changed attribute, nothing else.</summary>
    public JObject UpdatePatch() => ImportChanges.Patch(Changes);
}
