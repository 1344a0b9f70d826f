using ScimServer.Core.Filtering;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Turns the parameters of a list or search (RFC 7644 §3.4.2; RFC 9865 cursors) into a store query: the filter
/// parsed and bound, the sort bound, paging clamped to the server's limits, the cursor decoded for its sort order,
/// and the attribute selection for the response. Every client mistake comes back as a SCIM error.
/// </summary>
internal sealed class ListQueryPlanner(AttributeResolver resolver, ScimOptions options)
{
    private readonly FilterBinder _binder = new(resolver);

    public ScimResult<ListQueryPlan> Plan(
        ScimRequestContext context, ResourceTypeDefinition resourceType, ListRequest request)
    {
        var selection = AttributeSelection.Parse(resolver, resourceType, request.Attributes, request.ExcludedAttributes);
        if (!selection.IsSuccess)
        {
            return selection.Error;
        }

        BoundFilter? filter = null;
        if (request.Filter is not null)
        {
            var parsed = FilterParser.Parse(request.Filter);
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            var bound = _binder.Bind(resourceType, parsed.Value);
            if (!bound.IsSuccess)
            {
                return bound.Error;
            }

            filter = bound.Value;
        }

        var descending = false;
        if (request.SortOrder is { } order)
        {
            if (order.Equals("descending", StringComparison.OrdinalIgnoreCase))
            {
                descending = true;
            }
            else if (!order.Equals("ascending", StringComparison.OrdinalIgnoreCase))
            {
                return ScimError.InvalidValue($"sortOrder must be 'ascending' or 'descending', not '{order}'.");
            }
        }

        SortSpec? sort = null;
        if (!string.IsNullOrWhiteSpace(request.SortBy))
        {
            var path = AttributePathText.TryParse(request.SortBy);
            if (path is null)
            {
                return ScimError.InvalidValue($"sortBy: '{request.SortBy}' is not an attribute path.");
            }

            var boundSort = _binder.BindSort(resourceType, path, descending);
            if (!boundSort.IsSuccess)
            {
                return boundSort.Error;
            }

            sort = boundSort.Value;
        }

        // RFC 7644 §3.4.2.4: a count below 0 means 0; above the server's maximum, the maximum applies.
        var count = Math.Clamp(request.Count ?? options.DefaultPageSize, 0, options.MaxResults);
        var startIndex = Math.Max(1, request.StartIndex ?? 1);
        var sortSignature = sort is null ? "id" : $"{sort.Attribute}:{(descending ? "d" : "a")}";

        KeysetPosition? after = null;
        if (request.Cursor is { } cursor)
        {
            if (request.StartIndex is not null)
            {
                return ScimError.InvalidValue("Use either startIndex (index paging) or cursor (RFC 9865), not both.");
            }

            if (cursor.Length > 0)
            {
                if (!ListCursor.TryDecode(cursor, sortSignature, out var position))
                {
                    return ScimError.BadRequest(ScimType.InvalidCursor, "The cursor is not one this server issued for this sort order.");
                }

                after = position;
            }
        }

        var query = new ResourceQuery
        {
            Tenant = context.Tenant,
            ResourceType = resourceType.Name,
            Filter = filter,
            Sort = sort,
            Offset = request.Cursor is null ? startIndex - 1 : 0,
            Limit = count,
            After = after,
            CountTotal = true,
        };

        return new ListQueryPlan(query, selection.Value, sortSignature, startIndex);
    }
}
