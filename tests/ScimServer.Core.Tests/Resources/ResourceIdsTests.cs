using ScimServer.Core.Resources;

namespace ScimServer.Core.Tests.Resources;

public sealed class ResourceIdsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 20, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Ids_made_in_one_millisecond_sort_in_the_order_they_were_made()
    {
        var ids = new ResourceIds();

        var made = Enumerable.Range(0, 1_000).Select(_ => ids.Next(Now)).ToList();

        made.Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void An_id_is_a_UUIDv7_of_its_millisecond()
    {
        var id = new ResourceIds().Next(Now);

        Guid.TryParse(id, out _).Should().BeTrue();
        id.Should().MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16).Should().Be(Now.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Past_the_counter_of_a_millisecond_the_time_moves_on_and_the_order_holds()
    {
        var ids = new ResourceIds();

        var made = Enumerable.Range(0, 5_000).Select(_ => ids.Next(Now)).ToList();

        made.Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
        Convert.ToInt64(made[^1].Replace("-", "", StringComparison.Ordinal)[..12], 16).Should().BeGreaterThan(Now.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_clock_that_steps_back_never_makes_an_id_that_sorts_before_an_earlier_one()
    {
        var ids = new ResourceIds();
        var first = ids.Next(Now);

        var after = ids.Next(Now.AddSeconds(-5));

        string.CompareOrdinal(after, first).Should().BePositive();
    }

    [Fact]
    public void Two_generators_in_one_millisecond_do_not_collide()
    {
        var (a, b) = (new ResourceIds(), new ResourceIds());

        var made = Enumerable.Range(0, 2_000).SelectMany(_ => new[] { a.Next(Now), b.Next(Now) }).ToList();

        made.Should().OnlyHaveUniqueItems();
    }
}
