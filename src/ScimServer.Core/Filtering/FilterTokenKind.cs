namespace ScimServer.Core.Filtering;

/// <summary>
/// The kinds of token in a SCIM filter or PATCH path. Keywords (<c>and</c>, <c>eq</c>, <c>true</c>, ...) are
/// <see cref="Word"/>s: whether a word is a keyword or an attribute path depends on where it stands, which only
/// the parser knows.
/// </summary>
internal enum FilterTokenKind
{
    /// <summary>An attribute path, an operator or a keyword: letters, digits, <c>- _ . : $</c>.</summary>
    Word,

    /// <summary>A JSON string; the token's text is the unescaped value.</summary>
    String,

    /// <summary>A JSON number; the token's text is the number as written.</summary>
    Number,

    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,

    /// <summary>A <c>.</c> that does not belong to a word: the sub-attribute after a value filter in a PATCH path.</summary>
    Dot,

    End,
}
