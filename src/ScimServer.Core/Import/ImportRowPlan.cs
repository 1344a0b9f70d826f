using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Import;

/// <summary>One row's line in an upload plan: the action, the mapped user, the matched user's id and the changes.</summary>
public sealed record ImportRowPlan
{
    public required int Row { get; init; }

    public required ImportAction Action { get; init; }

    /// <summary>The row as a SCIM user (<see cref="ImportUser.From"/>), what a creation sends.</summary>
    public required JObject User { get; init; }

    /// <summary>The id of the user the row matched; null for a creation or an ambiguous row.</summary>
    public string? Id { get; init; }

    public IReadOnlyList<AttributeChange> Changes { get; init; } = [];

    /// <summary>Why nothing is sent for an ambiguous row.</summary>
    public string? Error { get; init; }

    /// <summary>The Bulk operation (RFC 7644 §3.7) that carries out the line, with bulkId <c>row-N</c>; null when nothing is sent.</summary>
    public JObject? BulkOperation() => Action switch
    {
        ImportAction.Create => new JObject { ["method"] = "POST", ["bulkId"] = BulkId, ["path"] = "/Users", ["data"] = User },
        ImportAction.Update => new JObject
        {
            ["method"] = "PATCH", ["bulkId"] = BulkId, ["path"] = $"/Users/{Id}", ["data"] = ImportChanges.Patch(Changes),
        },
        _ => null,
    };

    private string BulkId => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"row-{Row}");
}
