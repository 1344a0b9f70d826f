using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;

namespace ScimServer.Storage.Contract;

/// <summary>
/// Parses and binds filter text against the embedded schemas exactly as the server does (FilterParser, then
/// FilterBinder), for store tests that must see what a client's filter becomes, not a hand-built tree.
/// </summary>
public static class ParsedFilter
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.LoadEmbedded();
    private static readonly FilterBinder Binder = new(new AttributeResolver(Registry));

    public static BoundFilter User(string filter) => Bind("User", filter);

    public static BoundFilter Group(string filter) => Bind("Group", filter);

    private static BoundFilter Bind(string resourceType, string filter)
    {
        var parsed = FilterParser.Parse(filter);
        if (!parsed.IsSuccess)
        {
            throw new ArgumentException($"'{filter}': {parsed.Error.Detail}", nameof(filter));
        }

        var bound = Binder.Bind(Registry.GetResourceType(resourceType), parsed.Value);
        return bound.IsSuccess ? bound.Value : throw new ArgumentException($"'{filter}': {bound.Error.Detail}", nameof(filter));
    }
}
