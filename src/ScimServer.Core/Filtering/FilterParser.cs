using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Filtering;

/// <summary>
/// A recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2, Figure 1) and PATCH paths (RFC 7644 §3.5.2).
/// Syntax only: attribute names stay as written (they are case-insensitive and resolved by the binder). Every
/// expected failure is a <see cref="ScimError"/> whose detail names the position (0-based character offset).
/// </summary>
/// <remarks>
/// Precedence: <c>not</c> binds tighter than <c>and</c>, which binds tighter than <c>or</c>; <c>and</c> and
/// <c>or</c> associate to the left. <c>not</c> must be followed by a parenthesised filter, as in the ABNF.
/// </remarks>
public sealed class FilterParser
{
    // The limits bound the cost of a query: every comparison and nesting level becomes work in the store's query
    // (a json_each join, a MongoDB $elemMatch), and the parser's recursion is bounded by the depth, so hostile
    // input ends in invalidFilter, never in a stack overflow or a query that runs for minutes.

    /// <summary>The longest filter or path accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>How deeply parentheses, <c>not ( )</c> and value filters <c>[ ]</c> may nest.</summary>
    public const int MaxDepth = 16;

    /// <summary>How many attribute expressions (<c>attrPath op value</c> or <c>attrPath pr</c>) a filter may hold.</summary>
    public const int MaxComparisons = 64;

    private const string SchemaUrnPrefix = "urn:";
    private const string ReferenceAttributeName = "$ref";

    private readonly FilterLexer _lexer;
    private readonly bool _isPatchPath;
    private FilterToken _current;
    private FilterToken _previous;
    private int _depth;
    private int _comparisons;
    private bool _inValueFilter;

    private FilterParser(string text, bool isPatchPath)
    {
        _lexer = new FilterLexer(text);
        _isPatchPath = isPatchPath;
    }

    /// <summary>Parses the <c>filter</c> of a list or search request.</summary>
    public static ScimResult<FilterExpression> Parse(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length > MaxLength)
        {
            return ScimError.InvalidFilter($"The filter is longer than the limit of {MaxLength} characters.");
        }

        var parser = new FilterParser(filter, isPatchPath: false);
        return parser.ParseFilter();
    }

    /// <summary>
    /// Parses the <c>path</c> of a PATCH operation. Errors in the path are <c>invalidPath</c>; errors inside its
    /// value filter (between the brackets) are <c>invalidFilter</c>, as RFC 7644 §3.5.2 distinguishes them.
    /// </summary>
    public static ScimResult<PatchPath> ParsePatchPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > MaxLength)
        {
            return ScimError.InvalidPath($"The path is longer than the limit of {MaxLength} characters.");
        }

        var parser = new FilterParser(path, isPatchPath: true);
        return parser.ParsePath();
    }

    private ScimResult<FilterExpression> ParseFilter()
    {
        if (Advance() is { } lexError)
        {
            return lexError;
        }

        if (_current.Kind == FilterTokenKind.End)
        {
            return Fail("The filter is empty.");
        }

        var filter = ParseOr();
        if (!filter.IsSuccess)
        {
            return filter;
        }

        return _current.Kind switch
        {
            FilterTokenKind.End => filter,
            FilterTokenKind.CloseParen or FilterTokenKind.CloseBracket or FilterTokenKind.Dot =>
                Fail($"Unexpected {Describe(_current)} at position {_current.Position}."),
            _ => Fail($"Expected 'and' or 'or' but found {Describe(_current)} at position {_current.Position}."),
        };
    }

    private ScimResult<PatchPath> ParsePath()
    {
        if (Advance() is { } lexError)
        {
            return lexError;
        }

        if (_current.Kind == FilterTokenKind.End)
        {
            return Fail("The path is empty.");
        }

        if (_current.Kind != FilterTokenKind.Word)
        {
            return Fail($"Expected an attribute path but found {Describe(_current)} at position {_current.Position}.");
        }

        var pathToken = _current;
        var path = ParseAttributePath(pathToken, allowWholeSchema: true);
        if (!path.IsSuccess)
        {
            return path.Error;
        }

        if (Advance() is { } error)
        {
            return error;
        }

        if (path.Value.AttributeName.Length == 0 && _current.Kind != FilterTokenKind.End)
        {
            return Fail($"Unexpected {Describe(_current)} after the schema URN {FilterLexer.Quote(pathToken.Text)} "
                + $"at position {_current.Position}.");
        }

        FilterExpression? valueFilter = null;
        string? subAttributeName = null;
        if (_current.Kind == FilterTokenKind.OpenBracket)
        {
            var filter = ParseValueFilter(pathToken, path.Value);
            if (!filter.IsSuccess)
            {
                return filter.Error;
            }

            valueFilter = filter.Value;
            if (_current.Kind == FilterTokenKind.Dot)
            {
                if (Advance() is { } dotError)
                {
                    return dotError;
                }

                if (_current.Kind != FilterTokenKind.Word)
                {
                    return Fail($"Expected a sub-attribute name after '.' at position {_current.Position}.");
                }

                if (!IsAttributeName(_current.Text))
                {
                    return Fail($"Invalid sub-attribute name {FilterLexer.Quote(_current.Text)} "
                        + $"at position {_current.Position}.");
                }

                subAttributeName = _current.Text;
                if (Advance() is { } subError)
                {
                    return subError;
                }
            }
        }

        if (_current.Kind != FilterTokenKind.End)
        {
            return Fail($"Unexpected {Describe(_current)} at position {_current.Position}.");
        }

        return new PatchPath(path.Value, valueFilter, subAttributeName);
    }

    // FILTER = FILTER "or" FILTER, left-associative, over and-terms.
    private ScimResult<FilterExpression> ParseOr()
    {
        var left = ParseAnd();
        while (left.IsSuccess && _current.IsWord("or"))
        {
            if (Advance() is { } error)
            {
                return error;
            }

            var right = ParseAnd();
            if (!right.IsSuccess)
            {
                return right;
            }

            left = new OrExpression(left.Value, right.Value);
        }

        return left;
    }

    private ScimResult<FilterExpression> ParseAnd()
    {
        var left = ParseFactor();
        while (left.IsSuccess && _current.IsWord("and"))
        {
            if (Advance() is { } error)
            {
                return error;
            }

            var right = ParseFactor();
            if (!right.IsSuccess)
            {
                return right;
            }

            left = new AndExpression(left.Value, right.Value);
        }

        return left;
    }

    // A factor: "not" "(" FILTER ")", "(" FILTER ")", attrExp or valuePath.
    private ScimResult<FilterExpression> ParseFactor()
    {
        var token = _current;
        switch (token.Kind)
        {
            case FilterTokenKind.Word when token.IsWord("not"):
                if (Advance() is { } error)
                {
                    return error;
                }

                if (_current.Kind != FilterTokenKind.OpenParen)
                {
                    return Fail($"Expected '(' after {FilterLexer.Quote(token.Text)} at position {_current.Position}.");
                }

                var negated = ParseGroup();
                return negated.IsSuccess ? new NotExpression(negated.Value) : negated;

            case FilterTokenKind.Word when token.IsWord("and") || token.IsWord("or"):
                return Fail($"Unexpected {Describe(token)} at position {token.Position}.");

            case FilterTokenKind.Word:
                return ParseAttributeExpression();

            case FilterTokenKind.OpenParen:
                return ParseGroup();

            case FilterTokenKind.End:
                return Fail($"Expected a filter expression after {FilterLexer.Quote(_previous.Text)} "
                    + $"at position {token.Position}.");

            case FilterTokenKind.String or FilterTokenKind.Number:
                return Fail($"Expected an attribute path but found {Describe(token)} at position {token.Position}.");

            default:
                return Fail($"Unexpected {Describe(token)} at position {token.Position}.");
        }
    }

    // "(" FILTER ")", the current token being the "(".
    private ScimResult<FilterExpression> ParseGroup()
    {
        var open = _current;
        if (Enter(open) is { } depthError)
        {
            return depthError;
        }

        if (Advance() is { } error)
        {
            return error;
        }

        var inner = ParseOr();
        if (!inner.IsSuccess)
        {
            return inner;
        }

        if (Close(open, FilterTokenKind.CloseParen) is { } closeError)
        {
            return closeError;
        }

        return inner;
    }

    // attrPath SP "pr" / attrPath SP compareOp SP compValue / attrPath "[" valFilter "]".
    private ScimResult<FilterExpression> ParseAttributeExpression()
    {
        var pathToken = _current;
        var path = ParseAttributePath(pathToken, allowWholeSchema: false);
        if (!path.IsSuccess)
        {
            return path.Error;
        }

        if (Advance() is { } error)
        {
            return error;
        }

        if (_current.Kind == FilterTokenKind.OpenBracket)
        {
            var filter = ParseValueFilter(pathToken, path.Value);
            if (!filter.IsSuccess)
            {
                return filter;
            }

            if (_current.Kind == FilterTokenKind.Dot)
            {
                return ParseValuePathSubAttributeExpression(path.Value, filter.Value);
            }

            return new ValuePathExpression(path.Value, filter.Value);
        }

        return ParseComparison(pathToken, path.Value);
    }

    // valuePath "." subAttr SP ("pr" / compareOp SP compValue), e.g. emails[type eq "work"].value eq "ann@example.com".
    // RFC 7644 §3.4.2.2 (Figure 1) does not have this form: attrPath = [URI ":"] ATTRNAME *1subAttr, and a
    // valuePath appears in FILTER only whole; "valuePath [subAttr]" is the PATCH path of §3.5.2 (Figure 7). No
    // erratum changes that (7319 is about the space after "not", 7122 adds attrExp to the PATCH path only). Entra ID
    // sends it anyway when a mapping matches on emails[type eq "work"].value, so it is read as the filter it can only
    // mean: some element with type eq "work" whose value is that, i.e. emails[type eq "work" and value eq "..."].
    // It becomes that very tree, so the binder, the stores and their indexes see nothing new.
    private ScimResult<FilterExpression> ParseValuePathSubAttributeExpression(AttributePath path, FilterExpression valueFilter)
    {
        var dot = _current;
        if (Advance() is { } dotError)
        {
            return dotError;
        }

        // subAttr = "." ATTRNAME: nothing between them.
        var subToken = _current;
        if (subToken.Kind != FilterTokenKind.Word || subToken.Position != dot.Position + 1)
        {
            return Fail($"Expected a sub-attribute name after '.' at position {subToken.Position}.");
        }

        if (!IsAttributeName(subToken.Text))
        {
            return Fail($"Invalid sub-attribute name {FilterLexer.Quote(subToken.Text)} at position {subToken.Position}.");
        }

        if (Advance() is { } subError)
        {
            return subError;
        }

        if (_current.Kind == FilterTokenKind.OpenBracket)
        {
            return Fail($"A value filter cannot follow the sub-attribute {FilterLexer.Quote(subToken.Text)} "
                + $"at position {_current.Position}.");
        }

        var comparison = ParseComparison(subToken, new AttributePath(null, subToken.Text));
        return comparison.IsSuccess
            ? new ValuePathExpression(path, new AndExpression(valueFilter, comparison.Value))
            : comparison;
    }

    // The "SP "pr"" or "SP compareOp SP compValue" after an attribute path, the current token following the path.
    private ScimResult<FilterExpression> ParseComparison(FilterToken pathToken, AttributePath path)
    {
        if (++_comparisons > MaxComparisons)
        {
            return Fail($"The filter has more than the limit of {MaxComparisons} comparisons "
                + $"at position {pathToken.Position}.");
        }

        if (_current.Kind != FilterTokenKind.Word)
        {
            return Fail($"Expected a comparison operator after {FilterLexer.Quote(pathToken.Text)} "
                + $"at position {_current.Position}.");
        }

        var operatorToken = _current;
        if (operatorToken.IsWord("pr"))
        {
            if (Advance() is { } prError)
            {
                return prError;
            }

            if (IsValue(_current))
            {
                return Fail($"Unexpected value after {FilterLexer.Quote(operatorToken.Text)} "
                    + $"at position {_current.Position}; 'pr' takes no value.");
            }

            return new PresentExpression(path);
        }

        if (!TryGetOperator(operatorToken.Text, out var comparison))
        {
            return Fail($"Unknown operator {FilterLexer.Quote(operatorToken.Text)} at position {operatorToken.Position}.");
        }

        if (Advance() is { } operatorError)
        {
            return operatorError;
        }

        var value = _current;
        FilterLiteral literal;
        if (value.Kind == FilterTokenKind.String)
        {
            literal = FilterLiteral.String(value.Text);
        }
        else if (value.Kind == FilterTokenKind.Number)
        {
            literal = FilterLiteral.Number(value.Text);
        }
        else if (value.IsWord("true"))
        {
            literal = FilterLiteral.True;
        }
        else if (value.IsWord("false"))
        {
            literal = FilterLiteral.False;
        }
        else if (value.IsWord("null"))
        {
            literal = FilterLiteral.Null;
        }
        else if (value.Kind == FilterTokenKind.Word)
        {
            return Fail($"Expected a value after {FilterLexer.Quote(operatorToken.Text)} at position {value.Position} "
                + $"but found {Describe(value)}; strings must be in double quotes.");
        }
        else
        {
            return Fail($"Expected a value after {FilterLexer.Quote(operatorToken.Text)} at position {value.Position}.");
        }

        if (Advance() is { } valueError)
        {
            return valueError;
        }

        return new ComparisonExpression(path, comparison, literal);
    }

    // "[" valFilter "]", the current token being the "[". valFilter has and/or/not and grouping but no value paths.
    private ScimResult<FilterExpression> ParseValueFilter(FilterToken pathToken, AttributePath path)
    {
        var open = _current;
        if (_inValueFilter)
        {
            return Fail($"Value filters cannot be nested: unexpected '[' at position {open.Position}.");
        }

        // A value filter selects elements of a multi-valued complex attribute; sub-attributes are never complex
        // (RFC 7643 §2.3.8), so "name.givenName[...]" can never mean anything.
        if (path.SubAttributeName is not null)
        {
            return Fail($"A value filter cannot follow the sub-attribute path {FilterLexer.Quote(pathToken.Text)} "
                + $"at position {open.Position}.");
        }

        if (Enter(open) is { } depthError)
        {
            return depthError;
        }

        _inValueFilter = true;
        if (Advance() is { } error)
        {
            return error;
        }

        var inner = ParseOr();
        if (!inner.IsSuccess)
        {
            return inner;
        }

        // Leave value-filter mode before reading past the ']': what follows belongs to the path again.
        _inValueFilter = _current.Kind != FilterTokenKind.CloseBracket;
        if (Close(open, FilterTokenKind.CloseBracket) is { } closeError)
        {
            return closeError;
        }

        return inner;
    }

    private ScimError? Enter(FilterToken open)
    {
        if (++_depth > MaxDepth)
        {
            return Fail($"The filter nests deeper than the limit of {MaxDepth} levels at position {open.Position}.");
        }

        return null;
    }

    private ScimError? Close(FilterToken open, FilterTokenKind closeKind)
    {
        var close = closeKind == FilterTokenKind.CloseParen ? "')'" : "']'";
        if (_current.Kind == closeKind)
        {
            var error = Advance();
            _depth--;
            return error;
        }

        return _current.Kind switch
        {
            FilterTokenKind.End => Fail($"Missing {close} for the '{open.Text}' at position {open.Position}."),
            FilterTokenKind.CloseParen or FilterTokenKind.CloseBracket =>
                Fail($"Unexpected {Describe(_current)} at position {_current.Position}."),
            _ => Fail($"Expected 'and', 'or' or {close} but found {Describe(_current)} at position {_current.Position}."),
        };
    }

    /// <summary>
    /// attrPath = [URI ":"] ATTRNAME *1subAttr. The schema URN is everything before the last ':' (URNs hold dots,
    /// as in "2.0", and colons; attribute names hold neither).
    /// </summary>
    private ScimResult<AttributePath> ParseAttributePath(FilterToken token, bool allowWholeSchema)
    {
        var text = token.Text;
        string? schemaUrn = null;
        var nameStart = 0;
        var lastColon = text.LastIndexOf(':');
        if (lastColon >= 0)
        {
            if (!text.StartsWith(SchemaUrnPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"The attribute path {FilterLexer.Quote(text)} at position {token.Position} contains ':' "
                    + "but does not start with a schema URN ('urn:').");
            }

            // A PATCH path may name a whole extension: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
            // with a value holding several of its attributes. Without the schema registry the parser tells it from
            // "<urn>:manager" by the segment before the last ':' — a schema URN ends in "<version>:<Name>" (every
            // SCIM schema URN does: "...:2.0:User"), an attribute follows the schema's name. Such a path comes out
            // as AttributePath(SchemaUrn: the URN, AttributeName: ""): callers treat an empty AttributeName as "the
            // whole extension" (PatchPath.IsWholeExtension).
            if (IsWholeSchemaUrn(text, lastColon))
            {
                if (!IsSchemaUrn(text))
                {
                    return Fail($"Invalid schema URN {FilterLexer.Quote(text)} at position {token.Position}.");
                }

                if (!allowWholeSchema)
                {
                    return Fail($"The schema URN {FilterLexer.Quote(text)} at position {token.Position} "
                        + "is not an attribute path.");
                }

                return new AttributePath(text, string.Empty);
            }

            schemaUrn = text[..lastColon];
            if (!IsSchemaUrn(schemaUrn))
            {
                return Fail($"Invalid schema URN {FilterLexer.Quote(schemaUrn)} at position {token.Position}.");
            }

            nameStart = lastColon + 1;
            if (nameStart == text.Length)
            {
                return Fail($"The attribute path {FilterLexer.Quote(text)} at position {token.Position} "
                    + "has no attribute name after the schema URN.");
            }
        }

        var dot = text.IndexOf('.', nameStart);
        if (dot >= 0 && text.IndexOf('.', dot + 1) >= 0)
        {
            return Fail($"The attribute path {FilterLexer.Quote(text)} at position {token.Position} "
                + "has more than one sub-attribute.");
        }

        var nameEnd = dot >= 0 ? dot : text.Length;
        var attributeName = text[nameStart..nameEnd];
        if (NameError(text, attributeName, token.Position + nameStart) is { } nameError)
        {
            return nameError;
        }

        string? subAttributeName = null;
        if (dot >= 0)
        {
            subAttributeName = text[(dot + 1)..];
            if (NameError(text, subAttributeName, token.Position + dot + 1) is { } subError)
            {
                return subError;
            }
        }

        return new AttributePath(schemaUrn, attributeName, subAttributeName);
    }

    private ScimError? NameError(string path, string name, int position)
    {
        if (name.Length == 0)
        {
            return Fail($"Empty attribute name in {FilterLexer.Quote(path)} at position {position}.");
        }

        return IsAttributeName(name)
            ? null
            : Fail($"Invalid attribute name {FilterLexer.Quote(name)} at position {position}.");
    }

    private static bool IsWholeSchemaUrn(string text, int lastColon)
    {
        if (text.IndexOf('.', lastColon + 1) >= 0)
        {
            return false;
        }

        var previousColon = text.LastIndexOf(':', lastColon - 1);
        return previousColon >= 0
            && previousColon + 1 < lastColon
            && char.IsAsciiDigit(text[previousColon + 1]);
    }

    // "urn:" NID ":" NSS with non-empty ':'-separated segments of letters, digits, '-', '_' and '.': what SCIM
    // schema URNs use (RFC 7643 §10), and nothing that could be read as an operator or a field name.
    private static bool IsSchemaUrn(string text)
    {
        var segments = 0;
        var segmentLength = 0;
        foreach (var c in text)
        {
            if (c == ':')
            {
                if (segmentLength == 0)
                {
                    return false;
                }

                segments++;
                segmentLength = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                segmentLength++;
            }
            else
            {
                return false;
            }
        }

        return segmentLength > 0 && segments >= 2;
    }

    // ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; and "$ref", the one SCIM attribute
    // outside that rule (RFC 7643 §2.3.7, e.g. "members.$ref"). Anything else with a '$' ("$where", "$gt") is
    // refused here, so no client text that looks like a query operator reaches a store.
    private static bool IsAttributeName(string name)
    {
        if (string.Equals(name, ReferenceAttributeName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetOperator(string text, out ComparisonOperator comparison)
    {
        comparison = default;
        if (text.Length != 2)
        {
            return false;
        }

        ReadOnlySpan<string> names = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
        ReadOnlySpan<ComparisonOperator> operators =
        [
            ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.Co, ComparisonOperator.Sw,
            ComparisonOperator.Ew, ComparisonOperator.Gt, ComparisonOperator.Ge, ComparisonOperator.Lt,
            ComparisonOperator.Le,
        ];
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(text, names[i], StringComparison.OrdinalIgnoreCase))
            {
                comparison = operators[i];
                return true;
            }
        }

        return false;
    }

    private static bool IsValue(FilterToken token) =>
        token.Kind is FilterTokenKind.String or FilterTokenKind.Number
        || token.IsWord("true") || token.IsWord("false") || token.IsWord("null");

    private ScimError? Advance()
    {
        _previous = _current;
        return _lexer.TryRead(out _current, out var error) ? null : Fail(error);
    }

    private string Describe(FilterToken token) => token.Kind switch
    {
        FilterTokenKind.End => _isPatchPath ? "the end of the path" : "the end of the filter",
        FilterTokenKind.String => "a string",
        _ => FilterLexer.Quote(token.Text),
    };

    // In a PATCH path only the value filter between the brackets is a filter; the rest is the path.
    private ScimError Fail(string detail) =>
        _isPatchPath && !_inValueFilter ? ScimError.InvalidPath(detail) : ScimError.InvalidFilter(detail);
}
