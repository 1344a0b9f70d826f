namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Gives the managed heap's garbage back once a load is over. A Bulk request holds its thousand parsed resources for as
/// long as it runs, so they outlive the young generations and die old; the collector reaches them only at a full
/// collection, which an idle server never triggers, and keeps the committed memory meanwhile.
/// </summary>
internal static class ManagedHeap
{
    /// <summary>A full, compacting collection that also returns the freed memory to the system.</summary>
    public static void Compact() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
