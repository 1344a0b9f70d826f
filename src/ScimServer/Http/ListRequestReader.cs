using System.Globalization;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;

namespace ScimServer.Http;

/// <summary>Reads <see cref="ListRequest"/> from a GET query string or a POST <c>.search</c> body (RFC 7644 §3.4.3).</summary>
internal static class ListRequestReader
{
    public static ScimResult<ListRequest> FromQuery(IQueryCollection query)
    {
        var startIndex = ReadInt(query["startIndex"], "startIndex");
        if (!startIndex.IsSuccess)
        {
            return startIndex.Error;
        }

        var count = ReadInt(query["count"], "count");
        if (!count.IsSuccess)
        {
            return count.Error;
        }

        return new ListRequest
        {
            Filter = Text(query["filter"]),
            SortBy = Text(query["sortBy"]),
            SortOrder = Text(query["sortOrder"]),
            StartIndex = startIndex.Value,
            Count = count.Value,
            Attributes = Text(query["attributes"]),
            ExcludedAttributes = Text(query["excludedAttributes"]),

            // RFC 9865: "?cursor" with no value asks for the first page.
            Cursor = query.ContainsKey("cursor") ? query["cursor"].ToString() : null,
        };
    }

    public static ScimResult<ListRequest> FromSearchBody(JToken body)
    {
        if (body is not JObject search)
        {
            return ScimError.InvalidSyntax("A search request must be a JSON object.");
        }

        var schemas = search["schemas"] as JArray;
        if (schemas is null || !schemas.Any(s => (string?)s == Core.Schema.ScimSchemaUrns.SearchRequest))
        {
            return ScimError.InvalidSyntax($"A search request must list \"{Core.Schema.ScimSchemaUrns.SearchRequest}\" in 'schemas'.");
        }

        try
        {
            return new ListRequest
            {
                Filter = (string?)search["filter"],
                SortBy = (string?)search["sortBy"],
                SortOrder = (string?)search["sortOrder"],
                StartIndex = (int?)search["startIndex"],
                Count = (int?)search["count"],
                Attributes = JoinList(search["attributes"]),
                ExcludedAttributes = JoinList(search["excludedAttributes"]),
                Cursor = search.ContainsKey("cursor") ? (string?)search["cursor"] ?? "" : null,
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return ScimError.InvalidValue("A search request has a value of the wrong type: filter, sortBy, sortOrder and cursor are strings; startIndex and count integers; attributes arrays of strings.");
        }
    }

    private static string? JoinList(JToken? token) => token switch
    {
        null or { Type: JTokenType.Null } => null,
        JArray array => string.Join(',', array.Select(t => (string?)t)),
        _ => (string?)token,
    };

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 0 ? null : value.ToString();

    private static ScimResult<int?> ReadInt(Microsoft.Extensions.Primitives.StringValues value, string name)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value.ToString()))
        {
            return ScimResult<int?>.Ok(null);
        }

        return int.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? ScimResult<int?>.Ok(number)
            : ScimError.InvalidValue($"{name} must be an integer, not '{value}'.");
    }
}
