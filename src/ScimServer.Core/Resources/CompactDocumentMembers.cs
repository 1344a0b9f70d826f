using System.Text.Json;

namespace ScimServer.Core.Resources;

/// <summary>
/// Where the members of a stored document lie in its text: those of the root object and, below them, of member
/// objects two levels down (<c>ext</c>, then each extension's alias), found by one pass of a reader. Only for text that
/// is compact, printable ASCII and without an escape — what Newtonsoft writes for almost every resource: there a
/// value's text is byte for byte what writing its parsed element again would give, so it can be copied as it is.
/// Parsing each resource into a <see cref="JsonDocument"/> and looking each schema attribute up by name in it was most
/// of writing a page of users.
/// </summary>
internal sealed class CompactDocumentMembers
{
    private const int Levels = 3;

    private readonly List<Member> _members = new(32);

    /// <summary>Locates the members of <paramref name="json"/>; false when it is not compact printable ASCII JSON.</summary>
    public bool TryScan(ReadOnlySpan<byte> json)
    {
        _members.Clear();
        if (json.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || json.IndexOf((byte)'\\') >= 0)
        {
            return false;
        }

        try
        {
            return Scan(json);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public int Count => _members.Count;

    /// <summary>The member whose object value holds member <paramref name="member"/>; -1 for the root.</summary>
    public int ParentOf(int member) => _members[member].Parent;

    public ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> json, int member) =>
        json.Slice(_members[member].NameStart, _members[member].NameLength);

    public ReadOnlySpan<byte> ValueOf(ReadOnlySpan<byte> json, int member) =>
        json[_members[member].ValueStart.._members[member].ValueEnd];

    private bool Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        // The member whose value is being read at each depth, -1 when it is not one kept.
        Span<int> open = stackalloc int[Levels + 1];
        open.Fill(-1);
        var end = 0;
        while (reader.Read())
        {
            var start = checked((int)reader.TokenStartIndex);
            var gap = start - end;
            if (gap != 0 && !(gap == 1 && json[end] is (byte)',' or (byte)':'))
            {
                return false;
            }

            var depth = reader.CurrentDepth;
            var type = reader.TokenType;
            end = type switch
            {
                JsonTokenType.PropertyName or JsonTokenType.String => start + reader.ValueSpan.Length + 2,
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => start + reader.ValueSpan.Length,
                _ => start + 1,
            };

            if (start == 0 && type != JsonTokenType.StartObject)
            {
                return false;
            }

            if (depth < 1 || depth > Levels)
            {
                continue;
            }

            if (type == JsonTokenType.PropertyName)
            {
                var parent = depth == 1 ? -1 : open[depth - 1];
                if (depth == 1 || parent >= 0)
                {
                    _members.Add(new Member(parent, start + 1, reader.ValueSpan.Length, 0, 0));
                    open[depth] = _members.Count - 1;
                }
                else
                {
                    open[depth] = -1;
                }

                continue;
            }

            var index = open[depth];
            if (index < 0)
            {
                continue;
            }

            if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _members[index] = _members[index] with { ValueStart = start };
                continue;
            }

            var valueStart = type is JsonTokenType.EndObject or JsonTokenType.EndArray ? _members[index].ValueStart : start;
            _members[index] = _members[index] with { ValueStart = valueStart, ValueEnd = end };
            open[depth] = -1;
        }

        return end == json.Length;
    }

    private readonly record struct Member(int Parent, int NameStart, int NameLength, int ValueStart, int ValueEnd);
}
