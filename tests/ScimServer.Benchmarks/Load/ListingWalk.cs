namespace ScimServer.Benchmarks.Load;

/// <summary>A timed walk through every page of a listing.</summary>
internal sealed record ListingWalk(long Seen, long TotalResults, double Seconds, bool Complete, IReadOnlyList<double> PageMs, IReadOnlyList<string> Cursors)
{
    /// <summary>The mean page time over the first and the last tenth of the pages: equal when the walk is linear.</summary>
    public (double First, double Last) FirstAndLastTenthMs()
    {
        if (PageMs.Count == 0)
        {
            return (0, 0);
        }

        var tenth = Math.Max(1, PageMs.Count / 10);
        return (PageMs.Take(tenth).Average(), PageMs.Skip(PageMs.Count - tenth).Average());
    }
}
