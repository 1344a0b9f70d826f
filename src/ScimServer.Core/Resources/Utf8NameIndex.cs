using System.Text;

namespace ScimServer.Core.Resources;

/// <summary>
/// Indexes of names looked up by their UTF-8 bytes, as <see cref="CompactDocumentMembers"/> finds them in the stored
/// text: looked up through a dictionary of strings, each name was widened to UTF-16 first (2 % of a page of users).
/// The first index given to a name wins, as <see cref="Dictionary{TKey, TValue}.TryAdd"/> kept it.
/// </summary>
internal sealed class Utf8NameIndex
{
    private readonly byte[][] _names;
    private readonly int[] _values;
    private readonly int _mask;

    public Utf8NameIndex(IEnumerable<string> names)
    {
        var distinct = new List<string>();
        foreach (var name in names)
        {
            if (!distinct.Contains(name, StringComparer.Ordinal))
            {
                distinct.Add(name);
            }
        }

        // Open addressing at most half full: a miss ends at an empty slot after a probe or two.
        var size = 4;
        while (size < distinct.Count * 2)
        {
            size *= 2;
        }

        _names = new byte[size][];
        _values = new int[size];
        _mask = size - 1;
        for (var i = 0; i < distinct.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(distinct[i]);
            var slot = Hash(bytes) & _mask;
            while (_names[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _names[slot] = bytes;
            _values[slot] = i;
        }
    }

    /// <summary>The index of <paramref name="name"/>, -1 when it has none.</summary>
    public int Find(ReadOnlySpan<byte> name)
    {
        var slot = Hash(name) & _mask;
        while (_names[slot] is { } candidate)
        {
            if (name.SequenceEqual(candidate))
            {
                return _values[slot];
            }

            slot = (slot + 1) & _mask;
        }

        return -1;
    }

    /// <summary>The length and three of the bytes: attribute names are short and differ early or by length.</summary>
    private static int Hash(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? 0 : (int)((uint)name.Length * 0x9E3779B1u ^ name[0] * 31u ^ name[^1] * 131u ^ name[name.Length / 2] * 7u) & int.MaxValue;
}
