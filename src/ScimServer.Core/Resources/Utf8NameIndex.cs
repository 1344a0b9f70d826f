using System.Text;

namespace ScimServer.Core.Resources;

/// <summary>
/// Indexes of names looked up by their UTF-8 bytes, as <see cref="CompactDocumentMembers"/> finds them in the stored
/// text: looked up through a dictionary of strings, each name was widened to UTF-16 first (2 % of a page of users).
/// The first index given to a name wins, as <see cref="Dictionary{TKey, TValue}.TryAdd"/> keeps it.
/// </summary>
internal sealed class Utf8NameIndex
{
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _index;

    public Utf8NameIndex(IEnumerable<string> names)
    {
        var index = new Dictionary<byte[], int>(Utf8Comparer.Instance);
        foreach (var name in names)
        {
            index.TryAdd(Encoding.UTF8.GetBytes(name), index.Count);
        }

        _index = index.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The index of <paramref name="name"/>, -1 when it has none.</summary>
    public int Find(ReadOnlySpan<byte> name) => _index.TryGetValue(name, out var found) ? found : -1;

    /// <summary>Byte arrays compared by content, and looked up by spans of bytes without an array.</summary>
    private sealed class Utf8Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8Comparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
