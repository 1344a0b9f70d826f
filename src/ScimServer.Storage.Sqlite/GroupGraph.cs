using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// A tenant's groups as a graph in memory: each group's displayName and the groups it is a direct member of. A user's
/// <c>groups</c> (RFC 7643 §4.1.2: direct and indirect) are then its direct edges, read by one index seek, walked
/// upwards here; the walk in SQL cost one seek and one group document per reached group, for every user rendered.
/// Only group-to-group edges are in the graph, so adding or removing a user — the writes an IdP's sync makes all
/// day — leaves it valid.
/// </summary>
internal sealed class GroupGraph(Dictionary<string, GroupGraph.Node> nodes)
{
    /// <param name="Display">The group's displayName (a member's <c>display</c>), if it has one.</param>
    /// <param name="Parents">The groups this group is a direct member of.</param>
    public sealed record Node(string? Display, string[] Parents);

    public int Count => nodes.Count;

    /// <summary>
    /// Appends the groups of one member, ordered by group id, given its direct edges ordered by group id; a group
    /// reached both directly and through another is direct. False, with nothing appended, when an edge leads to a
    /// group this graph does not know (it was read before that group was written): the caller asks the store instead.
    /// </summary>
    /// <param name="scratch">Reused by the walks of one call: a set, queue and array per user rendered were most of a page's garbage.</param>
    public bool TryWalk(ReadOnlySpan<(string MemberId, string GroupId)> direct, List<GroupMembership> into, Scratch scratch)
    {
        var memberId = direct[0].MemberId;
        var nested = false;
        foreach (var (_, group) in direct)
        {
            if (!nodes.TryGetValue(group, out var node))
            {
                return false;
            }

            nested |= node.Parents.Length > 0;
        }

        // Most members are only in groups that are in no group: their groups are their direct edges, in order already.
        if (!nested)
        {
            string? previous = null;
            foreach (var (_, group) in direct)
            {
                if (group != previous && group != memberId)
                {
                    into.Add(new GroupMembership(memberId, group, nodes[group].Display, Direct: true));
                }

                previous = group;
            }

            return true;
        }

        var reached = scratch.Reached;
        var queue = scratch.Queue;
        reached.Clear();
        queue.Clear();
        foreach (var (_, group) in direct)
        {
            if (reached.TryAdd(group, true))
            {
                queue.Enqueue(group);
            }
        }

        while (queue.TryDequeue(out var group))
        {
            foreach (var parent in nodes[group].Parents)
            {
                if (!nodes.ContainsKey(parent))
                {
                    return false;
                }

                if (reached.TryAdd(parent, false))
                {
                    queue.Enqueue(parent);
                }
            }
        }

        // A group in a cycle reaches itself; it is not its own member.
        reached.Remove(memberId);
        var ordered = scratch.Ordered;
        ordered.Clear();
        ordered.AddRange(reached.Keys);
        ordered.Sort(Ordinal);
        foreach (var group in ordered)
        {
            into.Add(new GroupMembership(memberId, group, nodes[group].Display, reached[group]));
        }

        return true;
    }

    /// <summary>Orders ids as <see cref="StringComparer.Ordinal"/> does, as a delegate made once.</summary>
    internal static readonly Comparison<string> Ordinal = string.CompareOrdinal;

    /// <summary>The collections of a walk, kept for the next member's; one per call, never shared between threads.</summary>
    internal sealed class Scratch
    {
        public Dictionary<string, bool> Reached { get; } = new(StringComparer.Ordinal);

        public Queue<string> Queue { get; } = new();

        public List<string> Ordered { get; } = [];
    }
}
