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
    /// Appends the groups of <paramref name="memberId"/>, ordered by group id, given the groups it is a direct member
    /// of; a group reached both directly and through another is direct. False, with nothing appended, when an edge
    /// leads to a group this graph does not know (it was read before that group was written): the caller asks the
    /// store instead.
    /// </summary>
    public bool TryWalk(string memberId, IReadOnlyList<string> directGroups, List<GroupMembership> into)
    {
        var reached = new Dictionary<string, bool>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var group in directGroups)
        {
            if (!nodes.ContainsKey(group))
            {
                return false;
            }

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
        var ordered = reached.Keys.ToArray();
        Array.Sort(ordered, StringComparer.Ordinal);
        foreach (var group in ordered)
        {
            into.Add(new GroupMembership(memberId, group, nodes[group].Display, reached[group]));
        }

        return true;
    }
}
