using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>
/// Reads an entity set's query options with OData's own parser (Microsoft.OData.UriParser, against the EDM model) and
/// translates them for the store: <c>$filter</c> and <c>$orderby</c> to the SCIM filter and sort of Core, bound to the
/// schema as every SCIM list is. Any option or expression without a translation is a <see cref="FeedQueryException"/>.
/// </summary>
internal sealed class FeedRequestReader(IEdmModel model, AttributeResolver resolver)
{
    private static readonly HashSet<string> Supported = ["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format"];
    private readonly FilterBinder _binder = new(resolver);

    public FeedRequest Read(FeedEntitySet set, IQueryCollection query, TenantRecord tenant)
    {
        var options = new Dictionary<string, string>();
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith('$'))
            {
                continue; // OData custom query options: ignored.
            }

            if (!Supported.Contains(name))
            {
                throw new FeedQueryException($"The query option '{name}' is not supported by the access-review feed (supported: {string.Join(", ", Supported)}).");
            }

            if (values.Count > 1)
            {
                throw new FeedQueryException($"The query option '{name}' is given more than once.");
            }

            options[name] = values.ToString();
        }

        if (options.TryGetValue("$format", out var format) && !format.StartsWith("json", StringComparison.OrdinalIgnoreCase)
            && !format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedQueryException($"$format '{format}' is not supported: the feed answers in JSON.");
        }

        options.Remove("$format");
        var entitySet = model.EntityContainer.FindEntitySet(set.Name);
        var parser = new ODataQueryOptionParser(model, entitySet.EntityType, entitySet, options);
        try
        {
            var plan = new ODataFilterTranslator(set, tenant).Translate(parser.ParseFilter());
            var request = new FeedRequest(set, plan, set.Columns)
            {
                StoreFilter = plan.StoreFilter is null ? null : Bind(_binder.Bind(set.ResourceType, plan.StoreFilter)),
                Sort = Sort(set, parser.ParseOrderBy()),
                Skip = NonNegative(parser.ParseSkip(), "$skip") ?? 0,
                Top = NonNegative(parser.ParseTop(), "$top"),
                Count = parser.ParseCount() ?? false,
                Selected = Selection(parser.ParseSelectAndExpand()),
            };
            if (parser.ParseSkipToken() is { } token)
            {
                request = request with { Position = FeedPosition.TryParse(token) ?? throw new FeedQueryException("The $skiptoken is not one this feed issued.") };
            }

            return request;
        }
        catch (ODataException e)
        {
            throw new FeedQueryException(e.Message);
        }
    }

    private static BoundFilter Bind(Core.Protocol.ScimResult<BoundFilter> bound) =>
        bound.IsSuccess ? bound.Value! : throw new FeedQueryException(bound.Error!.Detail);

    private SortSpec? Sort(FeedEntitySet set, OrderByClause? orderBy)
    {
        if (orderBy is null)
        {
            return null;
        }

        if (orderBy.ThenBy is not null)
        {
            throw new FeedQueryException("$orderby takes one property here (the store orders by one attribute, then by id).");
        }

        if (ODataFilterTranslator.Unwrap(orderBy.Expression) is not SingleValuePropertyAccessNode property
            || set.FindColumn(property.Property.Name) is not { ScimPath: { } path, IsRowLevel: false })
        {
            var rows = set.IsDerived ? $" ({set.Name} are ordered by user, each user's rows by {set.Columns.First(c => c.IsItem).Name})" : "";
            throw new FeedQueryException($"$orderby must name a property of the resource{rows}.");
        }

        var sort = _binder.BindSort(set.ResourceType, AttributePathText.TryParse(path)!, orderBy.Direction == OrderByDirection.Descending);
        return sort.IsSuccess ? sort.Value : throw new FeedQueryException(sort.Error!.Detail);
    }

    private static IReadOnlyList<string>? Selection(SelectExpandClause? clause)
    {
        if (clause is null || clause.AllSelected)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var item in clause.SelectedItems)
        {
            switch (item)
            {
                case WildcardSelectItem:
                    return null;
                case PathSelectItem { SelectedPath.LastSegment: PropertySegment segment }:
                    names.Add(segment.Property.Name);
                    break;
                default:
                    throw new FeedQueryException("$select names properties of the entity set only.");
            }
        }

        return names;
    }

    private static long? NonNegative(long? value, string option) =>
        value < 0 ? throw new FeedQueryException($"{option} must not be negative.") : value;
}
