using System.Text.Json;

namespace ScimServer.Core.Resources;

/// <summary>
/// Where the members of a stored document lie in its text: those of the root object and, below them, of member
/// objects two levels down (<c>ext</c>, then each extension's alias), found in one pass. Only for text that
/// is compact, printable ASCII and without an escape — what Newtonsoft writes for almost every resource: there a
/// value's text is byte for byte what writing its parsed element again would give, so it can be copied as it is.
/// Parsing each resource into a <see cref="JsonDocument"/> and looking each schema attribute up by name in it was most
/// of writing a page of users.
/// </summary>
internal sealed class CompactDocumentMembers
{
    private const int Levels = 3;

    /// <summary>The nesting <see cref="Utf8JsonReader"/> allowed here before: deeper text takes the general path.</summary>
    private const int MaxDepth = 64;

    private Member[] _members = new Member[32];

    /// <summary>Locates the members of <paramref name="json"/>; false when it is not compact printable ASCII JSON.</summary>
    public bool TryScan(ReadOnlySpan<byte> json)
    {
        Count = 0;
        if (json.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || json.IndexOf((byte)'\\') >= 0)
        {
            return false;
        }

        var position = 0;
        return json.Length > 0 && json[0] == (byte)'{' && Object(json, ref position, 0, -1) && position == json.Length;
    }

    public int Count { get; private set; }

    /// <summary>The member whose object value holds member <paramref name="member"/>; -1 for the root.</summary>
    public int ParentOf(int member) => _members[member].Parent;

    public ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> json, int member) =>
        json.Slice(_members[member].NameStart, _members[member].NameLength);

    public ReadOnlySpan<byte> ValueOf(ReadOnlySpan<byte> json, int member) =>
        json[_members[member].ValueStart.._members[member].ValueEnd];

    // A scanner of its own rather than a Utf8JsonReader (half of this type's time was the reader's): the text is
    // printable ASCII without a backslash, so a string ends at the next quote, and compact, so a byte out of place
    // (a space between tokens included) ends the scan with false.

    /// <summary>The value at <paramref name="position"/>, <paramref name="depth"/> levels down; <paramref name="owner"/> is the member it is the value of, -1 when none is kept.</summary>
    private bool Value(ReadOnlySpan<byte> json, ref int position, int depth, int owner)
    {
        if (position >= json.Length)
        {
            return false;
        }

        switch (json[position])
        {
            case (byte)'{':
                return Object(json, ref position, depth, owner);
            case (byte)'[':
                return Array(json, ref position, depth);
            case (byte)'"':
                return String(json, ref position);
            case (byte)'t':
                return Literal(json, ref position, "true"u8);
            case (byte)'f':
                return Literal(json, ref position, "false"u8);
            case (byte)'n':
                return Literal(json, ref position, "null"u8);
            default:
                return Number(json, ref position);
        }
    }

    /// <summary>
    /// An object whose members are <paramref name="depth"/> + 1 levels down: kept down to <see cref="Levels"/>, those
    /// of the root always, the others only under a kept member.
    /// </summary>
    private bool Object(ReadOnlySpan<byte> json, ref int position, int depth, int owner)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        position++;
        if (position < json.Length && json[position] == (byte)'}')
        {
            position++;
            return true;
        }

        var keep = depth + 1 <= Levels && (depth == 0 || owner >= 0);
        while (true)
        {
            var nameStart = position + 1;
            if (position >= json.Length || json[position] != (byte)'"' || !String(json, ref position)
                || position >= json.Length || json[position] != (byte)':')
            {
                return false;
            }

            position++;
            var member = -1;
            if (keep)
            {
                member = Add(new Member(depth == 0 ? -1 : owner, nameStart, position - 2 - nameStart, position, 0));
            }

            if (!Value(json, ref position, depth + 1, member) || position >= json.Length)
            {
                return false;
            }

            if (member >= 0)
            {
                _members[member] = _members[member] with { ValueEnd = position };
            }

            switch (json[position++])
            {
                case (byte)',':
                    continue;
                case (byte)'}':
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>An array: members of objects in it are never kept.</summary>
    private bool Array(ReadOnlySpan<byte> json, ref int position, int depth)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        position++;
        if (position < json.Length && json[position] == (byte)']')
        {
            position++;
            return true;
        }

        while (true)
        {
            if (!Value(json, ref position, depth + 1, -1) || position >= json.Length)
            {
                return false;
            }

            switch (json[position++])
            {
                case (byte)',':
                    continue;
                case (byte)']':
                    return true;
                default:
                    return false;
            }
        }
    }

    private static bool String(ReadOnlySpan<byte> json, ref int position)
    {
        var length = json[(position + 1)..].IndexOf((byte)'"');
        if (length < 0)
        {
            return false;
        }

        position += length + 2;
        return true;
    }

    private static bool Literal(ReadOnlySpan<byte> json, ref int position, ReadOnlySpan<byte> literal)
    {
        if (!json[position..].StartsWith(literal))
        {
            return false;
        }

        position += literal.Length;
        return true;
    }

    /// <summary>A number as RFC 8259 §6 spells it: <c>-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool Number(ReadOnlySpan<byte> json, ref int position)
    {
        if (json[position] == (byte)'-')
        {
            position++;
        }

        if (position < json.Length && json[position] == (byte)'0')
        {
            position++;
        }
        else if (!Digits(json, ref position))
        {
            return false;
        }

        if (position < json.Length && json[position] == (byte)'.')
        {
            position++;
            if (!Digits(json, ref position))
            {
                return false;
            }
        }

        if (position < json.Length && json[position] is (byte)'e' or (byte)'E')
        {
            position++;
            if (position < json.Length && json[position] is (byte)'+' or (byte)'-')
            {
                position++;
            }

            return Digits(json, ref position);
        }

        return true;
    }

    /// <summary>One digit or more.</summary>
    private static bool Digits(ReadOnlySpan<byte> json, ref int position)
    {
        var start = position;
        while (position < json.Length && char.IsAsciiDigit((char)json[position]))
        {
            position++;
        }

        return position > start;
    }

    private int Add(Member member)
    {
        if (Count == _members.Length)
        {
            System.Array.Resize(ref _members, Count * 2);
        }

        _members[Count] = member;
        return Count++;
    }

    private readonly record struct Member(int Parent, int NameStart, int NameLength, int ValueStart, int ValueEnd);
}
