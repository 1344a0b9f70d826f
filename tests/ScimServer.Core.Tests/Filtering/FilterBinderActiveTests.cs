using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Tests.Filtering;

/// <summary>Which bound paths are a user's own active, which every store keeps in an index (issue 12).</summary>
public sealed class FilterBinderActiveTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.LoadEmbedded();
    private static readonly FilterBinder Binder = new(new AttributeResolver(Registry));

    [Theory]
    [InlineData("active eq true")]
    [InlineData("ACTIVE eq false")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:active eq true")]
    [InlineData("active pr")]
    [InlineData("not (active ne \"True\")")]
    public void A_users_active_at_the_root_is_marked_as_the_users_active(string filter)
    {
        Attribute(Bind("User", filter)).IsUserActive.Should().BeTrue();
    }

    [Theory]
    [InlineData("User", "title eq \"active\"")]
    [InlineData("User", "emails.primary eq true")]
    [InlineData("User", "userName eq \"active\"")]
    [InlineData("Group", "displayName eq \"active\"")]
    public void Any_other_attribute_is_not(string resourceType, string filter)
    {
        Attribute(Bind(resourceType, filter)).IsUserActive.Should().BeFalse();
    }

    [Fact]
    public void A_sort_by_active_is_marked_too()
    {
        var sort = Binder.BindSort(Registry.GetResourceType("User"), AttributePathText.TryParse("active")!, descending: false);

        sort.Value!.Attribute.IsUserActive.Should().BeTrue();
    }

    private static BoundFilter Bind(string resourceType, string filter)
    {
        var bound = Binder.Bind(Registry.GetResourceType(resourceType), FilterParser.Parse(filter).Value!);
        bound.IsSuccess.Should().BeTrue();
        return bound.Value!;
    }

    private static BoundAttribute Attribute(BoundFilter filter) => filter switch
    {
        BoundNot not => Attribute(not.Inner),
        BoundComparison comparison => comparison.Attribute,
        BoundPresent present => present.Attribute,
        _ => throw new ArgumentException($"No single attribute in {filter.GetType().Name}.", nameof(filter)),
    };
}
