using ScimServer.Core.Storage;

namespace ScimServer.Core.Patch;

/// <summary>
/// Composes the member operations of one request, in order, into one <see cref="MembershipChange"/>: a later
/// operation on a member overrides an earlier one, and a replace-all forgets what came before it.
/// </summary>
internal sealed class MembershipChangeBuilder
{
    private readonly List<MemberEdge> _add = [];
    private readonly List<string> _remove = [];
    private bool _replaceAll;
    private bool _changed;

    public void Add(IEnumerable<MemberEdge> members)
    {
        _changed = true;
        foreach (var member in members)
        {
            _remove.Remove(member.MemberId);
            var index = _add.FindIndex(m => m.MemberId == member.MemberId);
            if (index < 0)
            {
                _add.Add(member);
            }
            else if (member.MemberType is not null)
            {
                _add[index] = member;
            }
        }
    }

    public void Remove(IEnumerable<string> memberIds)
    {
        _changed = true;
        foreach (var id in memberIds)
        {
            _add.RemoveAll(m => m.MemberId == id);

            // After a replace-all the members are exactly the added ones: nothing else is left to remove.
            if (!_replaceAll && !_remove.Contains(id))
            {
                _remove.Add(id);
            }
        }
    }

    public void ReplaceAll(IEnumerable<MemberEdge> members)
    {
        _replaceAll = true;
        _add.Clear();
        _remove.Clear();
        Add(members);
    }

    public MembershipChange Build() => _changed
        ? new MembershipChange { ReplaceAll = _replaceAll, Add = _add.ToList(), Remove = _remove.ToList() }
        : MembershipChange.None;
}
