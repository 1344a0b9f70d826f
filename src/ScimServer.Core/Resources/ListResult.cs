using System.Text.Json;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Resources;

/// <summary>
/// A list response (RFC 7644 §3.4.2) ready to send: the envelope, then the resources of one or more pages (a root
/// search spans resource types). <see cref="StartIndex"/> is set for index paging, <see cref="NextCursor"/> for a
/// cursor page that has a next one (RFC 9865).
/// </summary>
public sealed record ListResult(long TotalResults, IReadOnlyList<ResourcePage> Pages)
{
    public int? StartIndex { get; init; }

    public string? NextCursor { get; init; }

    public int ItemsPerPage => Pages.Sum(p => p.Count);

    /// <summary>Writes the envelope up to the opening of <c>Resources</c>; the resources and <see cref="WriteEnd"/> follow.</summary>
    public void WriteStart(Utf8JsonWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteStartObject();
        output.WriteStartArray("schemas");
        output.WriteStringValue(ScimSchemaUrns.ListResponse);
        output.WriteEndArray();
        output.WriteNumber("totalResults", TotalResults);
        output.WriteNumber("itemsPerPage", ItemsPerPage);
        if (StartIndex is { } startIndex)
        {
            output.WriteNumber("startIndex", startIndex);
        }

        if (NextCursor is not null)
        {
            output.WriteString("nextCursor", NextCursor);
        }

        output.WriteStartArray("Resources");
    }

    public static void WriteEnd(Utf8JsonWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteEndArray();
        output.WriteEndObject();
    }
}
