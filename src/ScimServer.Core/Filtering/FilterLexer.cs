using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ScimServer.Core.Filtering;

/// <summary>
/// Splits a filter or PATCH path into tokens on demand, so that errors come out in the order they appear in the
/// text. Hand-written over the string: a token costs at most one string (a builder only for strings that hold
/// escapes), never one allocation per character.
/// </summary>
internal sealed class FilterLexer
{
    // Long enough for any schema-URN-prefixed path; longer client text would only make the message unreadable.
    private const int MaxQuotedLength = 100;

    private readonly string _text;
    private int _offset;

    public FilterLexer(string text)
    {
        _text = text;
    }

    public bool TryRead(out FilterToken token, [NotNullWhen(false)] out string? error)
    {
        error = null;
        SkipWhitespace();
        if (_offset >= _text.Length)
        {
            token = new FilterToken(FilterTokenKind.End, string.Empty, _text.Length);
            return true;
        }

        var start = _offset;
        var c = _text[start];
        switch (c)
        {
            case '(':
                token = Single(FilterTokenKind.OpenParen, "(");
                return true;
            case ')':
                token = Single(FilterTokenKind.CloseParen, ")");
                return true;
            case '[':
                token = Single(FilterTokenKind.OpenBracket, "[");
                return true;
            case ']':
                token = Single(FilterTokenKind.CloseBracket, "]");
                return true;
            case '.':
                token = Single(FilterTokenKind.Dot, ".");
                return true;
            case '"':
                return TryReadString(out token, out error);
            case '-' or (>= '0' and <= '9'):
                return TryReadNumber(out token, out error);
            case '$' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'):
                token = ReadWord();
                return true;
            default:
                token = default;
                error = $"Unexpected character {DescribeCharacter(c)} at position {start}.";
                return false;
        }
    }

    /// <summary>A character for an error message: quoted when printable, as a code point when it is not.</summary>
    public static string DescribeCharacter(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
            ? $"U+{(int)c:X4}"
            : $"'{c}'";

    /// <summary>Client text for an error message, cut short when long.</summary>
    public static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? $"'{text}'" : $"'{text[..MaxQuotedLength]}...'";

    // JSON whitespace (RFC 8259 §2): clients pretty-print filters in POST /.search bodies. Every other control
    // character is rejected.
    private void SkipWhitespace()
    {
        while (_offset < _text.Length && _text[_offset] is ' ' or '\t' or '\r' or '\n')
        {
            _offset++;
        }
    }

    private FilterToken Single(FilterTokenKind kind, string text)
    {
        var token = new FilterToken(kind, text, _offset);
        _offset++;
        return token;
    }

    // Everything an attribute path may hold, URN prefix included: "urn:...:2.0:User:name.familyName",
    // "members.$ref". The parser checks the structure; here a word is only a run of these characters.
    private static bool IsWordCharacter(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or '$';

    private FilterToken ReadWord()
    {
        var start = _offset;
        while (_offset < _text.Length && IsWordCharacter(_text[_offset]))
        {
            _offset++;
        }

        return new FilterToken(FilterTokenKind.Word, _text[start.._offset], start);
    }

    // A JSON string (RFC 8259 §7): all escapes, no raw control characters.
    private bool TryReadString(out FilterToken token, [NotNullWhen(false)] out string? error)
    {
        var start = _offset;
        var i = start + 1;
        var runStart = i;
        StringBuilder? unescaped = null;
        token = default;
        error = null;

        while (true)
        {
            if (i >= _text.Length)
            {
                error = $"Unterminated string starting at position {start}.";
                return false;
            }

            var c = _text[i];
            if (c == '"')
            {
                var value = unescaped is null
                    ? _text[runStart..i]
                    : unescaped.Append(_text, runStart, i - runStart).ToString();
                token = new FilterToken(FilterTokenKind.String, value, start);
                _offset = i + 1;
                return true;
            }

            if (c < ' ')
            {
                error = $"Control character {DescribeCharacter(c)} at position {i} must be escaped in a string.";
                return false;
            }

            if (c != '\\')
            {
                i++;
                continue;
            }

            unescaped ??= new StringBuilder();
            unescaped.Append(_text, runStart, i - runStart);
            if (i + 1 >= _text.Length)
            {
                error = $"Unterminated string starting at position {start}.";
                return false;
            }

            var escaped = _text[i + 1];
            switch (escaped)
            {
                case '"' or '\\' or '/':
                    unescaped.Append(escaped);
                    break;
                case 'b':
                    unescaped.Append('\b');
                    break;
                case 'f':
                    unescaped.Append('\f');
                    break;
                case 'n':
                    unescaped.Append('\n');
                    break;
                case 'r':
                    unescaped.Append('\r');
                    break;
                case 't':
                    unescaped.Append('\t');
                    break;
                case 'u':
                    if (!TryReadHexEscape(start, i, out var code, out error))
                    {
                        return false;
                    }

                    unescaped.Append(code);
                    i += 4;
                    break;
                default:
                    error = $"Invalid escape '\\{DescribeEscaped(escaped)}' at position {i}.";
                    return false;
            }

            i += 2;
            runStart = i;
        }
    }

    private static string DescribeEscaped(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

    // "\uXXXX" with the backslash at escapeStart.
    private bool TryReadHexEscape(int stringStart, int escapeStart, out char code, [NotNullWhen(false)] out string? error)
    {
        var value = 0;
        for (var k = 0; k < 4; k++)
        {
            var index = escapeStart + 2 + k;
            if (index >= _text.Length)
            {
                code = default;
                error = $"Unterminated string starting at position {stringStart}.";
                return false;
            }

            var digit = HexValue(_text[index]);
            if (digit < 0)
            {
                code = default;
                error = $"Invalid escape '{_text[escapeStart..index]}' at position {escapeStart}; "
                    + "'\\u' needs four hexadecimal digits.";
                return false;
            }

            value = (value << 4) | digit;
        }

        code = (char)value;
        error = null;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // A JSON number (RFC 8259 §6), kept as written: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private bool TryReadNumber(out FilterToken token, [NotNullWhen(false)] out string? error)
    {
        var start = _offset;
        var i = start;
        if (_text[i] == '-')
        {
            i++;
        }

        var valid = true;
        if (i < _text.Length && _text[i] == '0')
        {
            i++;
        }
        else if (i < _text.Length && _text[i] is >= '1' and <= '9')
        {
            i = SkipDigits(i);
        }
        else
        {
            valid = false;
        }

        if (valid && i < _text.Length && _text[i] == '.')
        {
            var digitsStart = i + 1;
            i = SkipDigits(digitsStart);
            valid = i > digitsStart;
        }

        if (valid && i < _text.Length && _text[i] is 'e' or 'E')
        {
            i++;
            if (i < _text.Length && _text[i] is '+' or '-')
            {
                i++;
            }

            var digitsStart = i;
            i = SkipDigits(digitsStart);
            valid = i > digitsStart;
        }

        // "01", "1.2.3", "12abc": a number must end where the token ends.
        if (!valid || (i < _text.Length && (IsWordCharacter(_text[i]) || _text[i] == '+')))
        {
            var end = start + 1;
            while (end < _text.Length && (IsWordCharacter(_text[end]) || _text[end] == '+'))
            {
                end++;
            }

            token = default;
            error = $"Invalid number {Quote(_text[start..end])} at position {start}.";
            return false;
        }

        token = new FilterToken(FilterTokenKind.Number, _text[start..i], start);
        _offset = i;
        error = null;
        return true;
    }

    private int SkipDigits(int i)
    {
        while (i < _text.Length && _text[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i;
    }
}
