namespace ScimServer.Storage.MongoDb;

/// <summary>
/// The time-ordered floor of audit sequences (the tenant's counter never goes below it: see
/// <see cref="Documents.AuditDocuments"/>), taken without touching any shared document: the milliseconds since
/// <see cref="Epoch"/> shifted by <see cref="TieBreakBits"/>, plus a random tie-breaker, and never less than this
/// process's last sequence + 1 (so one instance's entries are strictly ascending even within a millisecond).
/// </summary>
/// <remarks>
/// 42 bits of milliseconds and 11 bits of tie-breaker are 53 bits: every sequence is a JSON number that JavaScript
/// reads exactly (the admin API returns it as <c>next</c>), until the year 2159. Two instances may draw the same value in
/// the same millisecond; the tenant's counter, which every entry now goes through, keeps their sequences apart.
/// </remarks>
internal sealed class AuditSequences(TimeProvider clock, Func<int> tieBreak)
{
    public const int TieBreakBits = 11;

    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private long last;

    public AuditSequences()
        : this(TimeProvider.System, () => Random.Shared.Next(1 << TieBreakBits))
    {
    }

    /// <summary>Takes <paramref name="count"/> consecutive sequences (a batch's entries); returns the first.</summary>
    public long Take(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var milliseconds = Math.Max(0, (long)(clock.GetUtcNow() - Epoch).TotalMilliseconds);
        var candidate = (milliseconds << TieBreakBits) | (uint)(tieBreak() & ((1 << TieBreakBits) - 1));
        lock (gate)
        {
            var first = Math.Max(candidate, last + 1);
            last = first + count - 1;
            return first;
        }
    }

    /// <summary>The instant a sequence was taken at (to the millisecond).</summary>
    public static DateTimeOffset TimeOf(long sequence) => Epoch.AddMilliseconds(sequence >> TieBreakBits);
}
