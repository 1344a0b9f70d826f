namespace ScimServer.Core.Filtering;

/// <summary>
/// A comparison value as written: for strings the unescaped text, for numbers the JSON number text,
/// for booleans <c>true</c>/<c>false</c>. Typed by the binder against the attribute it is compared with.
/// </summary>
public sealed record FilterLiteral(LiteralKind Kind, string Text)
{
    public static FilterLiteral Null { get; } = new(LiteralKind.Null, "null");
    public static FilterLiteral True { get; } = new(LiteralKind.Boolean, "true");
    public static FilterLiteral False { get; } = new(LiteralKind.Boolean, "false");
    public static FilterLiteral String(string text) => new(LiteralKind.String, text);
    public static FilterLiteral Number(string text) => new(LiteralKind.Number, text);
}
