using Microsoft.Extensions.Options;
using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// Reads a page of an entity set through the store port, with the store's own list query (filter, sort, offset, limit,
/// count): a page of <c>$top=10</c> users reads 10 users, never the tenant.
/// </summary>
/// <remarks>
/// Derived sets (RoleAssignments, OrganizationMemberships) count rows, not users, in <c>$top</c>, <c>$skip</c> and
/// <c>$count</c>. Their rows are ordered by user (the <c>$orderby</c>, else id), then by role or organization name.
/// When a filter selects one row per user (<c>role eq 'X'</c>, alone or with user conditions) rows and users coincide
/// and the store pages and counts them; otherwise a page walks users from its start position in batches (reading
/// about as many users as it skips and returns), and <c>$count=true</c> reads every matching user once.
/// </remarks>
internal sealed class AccessReviewFeed(IResourceStore store, IOptions<ODataFeedOptions> options)
{
    private const int BatchSize = 1_000;

    public async Task<FeedPage> ReadAsync(FeedRequest request, TenantRecord tenant, CancellationToken cancellationToken)
    {
        var pageSize = Math.Max(1, options.Value.MaxPageSize);
        var take = (int)Math.Min(request.Top ?? long.MaxValue, pageSize);

        // A client's $top within the page size is its whole answer; beyond it, or without one, pages follow.
        var paged = request.Top is null || request.Top > take;
        var page = request.Set.IsDerived && !request.Filter.OneRowPerUser
            ? await WalkAsync(request, tenant, take, cancellationToken)
            : await PageAsync(request, tenant, take, cancellationToken);
        return paged ? page : page with { Next = null };
    }

    private async Task<FeedPage> PageAsync(FeedRequest request, TenantRecord tenant, int take, CancellationToken cancellationToken)
    {
        var offset = request.Position.Users + request.Position.Rows + request.Skip;
        var found = await store.QueryAsync(Query(request, tenant, offset, take) with { CountTotal = request.Count }, cancellationToken);
        var rows = found.Resources.SelectMany(r => Expand(request, tenant, r)).ToList();
        var next = found.Next is null ? null : new FeedPosition(offset + found.Resources.Count, 0);
        return new FeedPage(rows, request.Count ? found.TotalResults ?? rows.Count : null, next);
    }

    private async Task<FeedPage> WalkAsync(FeedRequest request, TenantRecord tenant, int take, CancellationToken cancellationToken)
    {
        var rows = new List<FeedRow>(Math.Min(take, BatchSize));
        var userOffset = request.Position.Users;
        var toSkip = request.Position.Rows + request.Skip;
        FeedPosition? next = null;
        while (take > 0 && next is null)
        {
            var wanted = (int)Math.Clamp(toSkip + take - rows.Count, 1, BatchSize);
            var found = await store.QueryAsync(Query(request, tenant, userOffset, wanted), cancellationToken);
            for (var i = 0; i < found.Resources.Count && next is null; i++)
            {
                var userRows = Expand(request, tenant, found.Resources[i]);
                for (var k = 0; k < userRows.Count; k++)
                {
                    if (toSkip > 0)
                    {
                        toSkip--;
                    }
                    else if (rows.Count == take)
                    {
                        next = new FeedPosition(userOffset + i, k);
                        break;
                    }
                    else
                    {
                        rows.Add(userRows[k]);
                    }
                }
            }

            if (next is not null)
            {
                break;
            }

            userOffset += found.Resources.Count;
            if (found.Next is null)
            {
                break;
            }

            if (rows.Count == take)
            {
                next = new FeedPosition(userOffset, 0);
            }
        }

        long? count = request.Count ? await CountRowsAsync(request, tenant, cancellationToken) : null;
        return new FeedPage(rows, count, next);
    }

    /// <summary>Every row of every matching user, read in keyset batches (the count of a derived set).</summary>
    private async Task<long> CountRowsAsync(FeedRequest request, TenantRecord tenant, CancellationToken cancellationToken)
    {
        long total = 0;
        KeysetPosition? after = null;
        do
        {
            var found = await store.QueryAsync(Query(request, tenant, 0, BatchSize) with { Sort = null, After = after }, cancellationToken);
            total += found.Resources.Sum(r => Expand(request, tenant, r).Count);
            after = found.Next;
        }
        while (after is not null);

        return total;
    }

    private static ResourceQuery Query(FeedRequest request, TenantRecord tenant, long offset, int limit) => new()
    {
        Tenant = tenant.Id,
        ResourceType = request.Set.ResourceType.Name,
        Filter = request.StoreFilter,
        Sort = request.Sort,
        Offset = offset <= int.MaxValue ? (int)offset : throw new FeedQueryException("$skip is beyond the end of any entity set."),
        Limit = limit,
        CountTotal = false,
    };

    private static List<FeedRow> Expand(FeedRequest request, TenantRecord tenant, StoredResource resource)
    {
        var set = request.Set;
        if (set.Items is null)
        {
            return [new FeedRow(resource, null, tenant)];
        }

        return set.Items(resource)
            .Select(item => new FeedRow(resource, item, tenant))
            .Where(row => request.Filter.RowConditions.All(condition => RowCondition.Holds(condition, set, row)))
            .ToList();
    }
}
